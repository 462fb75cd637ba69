"""zipnn: lossless compression for AI model weights.

    >>> import zipnn
    >>> frame = zipnn.compress(b"\\x00\\x3f" * 1000, dtype="bf16")
    >>> zipnn.decompress(frame) == b"\\x00\\x3f" * 1000
    True

numpy arrays and torch tensors keep their dtype (bf16 and fp8 through
ml_dtypes for numpy); ``zipnn.open`` streams files like ``gzip.open``;
``zipnn.safetensors`` reads compressed safetensors lazily; ``zipnn.hf`` loads
compressed Hugging Face model folders. Errors raise ``zipnn.ZipnnError``.
The C library runs with the GIL released.
"""

from . import _zipnn_swig as _raw
from ._core import (
    Compressor,
    Decompressor,
    FrameInfo,
    Param,
    Status,
    ZipnnError,
    compress,
    compress_bound,
    content_size,
    decompress,
    decompress_into,
    decompress_range,
    frame_info,
    version_info,
)
from ._dtypes import DType
from ._stream import (
    StreamCompressor,
    StreamDecompressor,
    ZipnnFile,
    compress_file,
    decompress_file,
    open,
)

__version__: str = _raw.ZIPNN_VERSION_STRING
FORMAT_VERSION: int = _raw.ZIPNN_FORMAT_VERSION

__all__ = [
    "Compressor",
    "Decompressor",
    "DType",
    "FORMAT_VERSION",
    "FrameInfo",
    "Param",
    "Status",
    "StreamCompressor",
    "StreamDecompressor",
    "ZipnnError",
    "ZipnnFile",
    "__version__",
    "compress",
    "compress_bound",
    "compress_file",
    "content_size",
    "decompress",
    "decompress_file",
    "decompress_into",
    "decompress_range",
    "frame_info",
    "open",
    "version_info",
]
