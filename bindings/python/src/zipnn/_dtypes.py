"""Mapping between zipnn dtype ids and numpy / ml_dtypes / torch / safetensors dtypes.

numpy, ml_dtypes and torch are imported only when a value of theirs is seen, so
``import zipnn`` needs none of them.
"""

from __future__ import annotations

import enum
import sys
from typing import Any, Optional

from . import _zipnn_swig as _raw


class DType(enum.IntEnum):
    """Element types recorded in a frame (values pinned by the format)."""

    BYTES = _raw.ZIPNN_DTYPE_BYTES
    BF16 = _raw.ZIPNN_DTYPE_BF16
    FP16 = _raw.ZIPNN_DTYPE_FP16
    FP32 = _raw.ZIPNN_DTYPE_FP32
    FP8_E4M3FN = _raw.ZIPNN_DTYPE_FP8_E4M3FN
    FP8_E5M2 = _raw.ZIPNN_DTYPE_FP8_E5M2
    FP64 = _raw.ZIPNN_DTYPE_FP64
    INT8 = _raw.ZIPNN_DTYPE_INT8
    UINT8 = _raw.ZIPNN_DTYPE_UINT8
    INT16 = _raw.ZIPNN_DTYPE_INT16
    UINT16 = _raw.ZIPNN_DTYPE_UINT16
    INT32 = _raw.ZIPNN_DTYPE_INT32
    UINT32 = _raw.ZIPNN_DTYPE_UINT32
    INT64 = _raw.ZIPNN_DTYPE_INT64
    UINT64 = _raw.ZIPNN_DTYPE_UINT64
    BOOL = _raw.ZIPNN_DTYPE_BOOL

    @property
    def itemsize(self) -> int:
        return int(_raw.zipnn_dtype_size(int(self)))


# numpy / ml_dtypes / torch spelling (without "torch.") -> zipnn dtype.
_BY_ARRAY_NAME = {
    "bfloat16": DType.BF16,
    "float16": DType.FP16,
    "float32": DType.FP32,
    "float64": DType.FP64,
    "float8_e4m3fn": DType.FP8_E4M3FN,
    "float8_e5m2": DType.FP8_E5M2,
    "int8": DType.INT8,
    "uint8": DType.UINT8,
    "int16": DType.INT16,
    "uint16": DType.UINT16,
    "int32": DType.INT32,
    "uint32": DType.UINT32,
    "int64": DType.INT64,
    "uint64": DType.UINT64,
    "bool": DType.BOOL,
}
_ARRAY_NAME = {v: k for k, v in _BY_ARRAY_NAME.items()}

# safetensors dtype strings.
SAFETENSORS_DTYPES = {
    "BF16": DType.BF16,
    "F16": DType.FP16,
    "F32": DType.FP32,
    "F64": DType.FP64,
    "F8_E4M3": DType.FP8_E4M3FN,
    "F8_E5M2": DType.FP8_E5M2,
    "I8": DType.INT8,
    "U8": DType.UINT8,
    "I16": DType.INT16,
    "U16": DType.UINT16,
    "I32": DType.INT32,
    "U32": DType.UINT32,
    "I64": DType.INT64,
    "U64": DType.UINT64,
    "BOOL": DType.BOOL,
}
SAFETENSORS_NAME = {v: k for k, v in SAFETENSORS_DTYPES.items()}


def is_torch_tensor(obj: Any) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(obj, torch.Tensor)


def is_torch_dtype(obj: Any) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(obj, torch.dtype)


def is_numpy_array(obj: Any) -> bool:
    np = sys.modules.get("numpy")
    return np is not None and isinstance(obj, np.ndarray)


def _numpy_dtype_like(obj: Any) -> bool:
    np = sys.modules.get("numpy")
    if np is None:
        return False
    if isinstance(obj, np.dtype):
        return True
    return isinstance(obj, type) and issubclass(obj, np.generic)


def to_zipnn(dtype: Any) -> Optional[DType]:
    """zipnn dtype for an int, a name ("bf16", "BF16", "bfloat16", ...), a numpy
    or ml_dtypes dtype, or a torch dtype. None stays None."""
    if dtype is None:
        return None
    if isinstance(dtype, DType):
        return dtype
    if isinstance(dtype, bool):
        raise TypeError("dtype must not be a bool")
    if isinstance(dtype, int):
        try:
            return DType(dtype)
        except ValueError:
            from ._core import ZipnnError

            raise ZipnnError(_raw.ZIPNN_ERROR_UNKNOWN_DTYPE, f"unknown dtype id {dtype}") from None
    if is_torch_dtype(dtype):
        name = str(dtype).rsplit(".", 1)[-1]
        if name in _BY_ARRAY_NAME:
            return _BY_ARRAY_NAME[name]
        raise ValueError(f"zipnn has no dtype for {dtype}")
    if _numpy_dtype_like(dtype):
        import numpy as np

        npd = np.dtype(dtype)
        if npd.byteorder == ">" or (npd.byteorder == "=" and sys.byteorder == "big"):
            raise ValueError("zipnn stores little-endian data; convert big-endian arrays first")
        if npd.name in _BY_ARRAY_NAME:
            return _BY_ARRAY_NAME[npd.name]
        raise ValueError(f"zipnn has no dtype for numpy dtype {npd}")
    if isinstance(dtype, str):
        if dtype in SAFETENSORS_DTYPES:
            return SAFETENSORS_DTYPES[dtype]
        low = dtype.lower().removeprefix("torch.")
        if low in _BY_ARRAY_NAME:
            return _BY_ARRAY_NAME[low]
        status, value = _raw.zipnn_dtype_from_name(dtype)
        if status != _raw.ZIPNN_OK:
            from ._core import ZipnnError

            raise ZipnnError(status, f"unknown dtype name {dtype!r}")
        return DType(value)
    raise TypeError(f"cannot interpret {dtype!r} as a dtype")


def numpy_dtype(dtype: DType) -> Any:
    """numpy dtype for a zipnn dtype; bf16 and fp8 need ml_dtypes."""
    import numpy as np

    if dtype == DType.BYTES:
        return np.dtype(np.uint8)
    name = _ARRAY_NAME[dtype]
    if dtype in (DType.BF16, DType.FP8_E4M3FN, DType.FP8_E5M2):
        try:
            import ml_dtypes
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError(f"numpy arrays of {name} need the ml_dtypes package") from e
        return np.dtype(getattr(ml_dtypes, name))
    return np.dtype(name).newbyteorder("<")


def torch_dtype(dtype: DType) -> Any:
    import torch

    if dtype == DType.BYTES:
        return torch.uint8
    name = _ARRAY_NAME[dtype]
    result = getattr(torch, name, None)
    if result is None:  # pragma: no cover - old torch without fp8 or uint16..64
        raise ValueError(f"this torch has no {name}")
    return result


def framework_of_dtype(dtype: Any) -> Optional[str]:
    if is_torch_dtype(dtype):
        return "pt"
    if _numpy_dtype_like(dtype):
        return "np"
    return None
