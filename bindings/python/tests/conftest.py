import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
SHARED_WEIGHTS = pathlib.Path(os.environ.get("ZIPNN_WEIGHTS", REPO.parent / "shared" / "data" / "weights"))


def real_weight_files():
    """Small real safetensors files: tests/data/ of the repo, else the shared set."""
    found = sorted((REPO / "tests" / "data").glob("**/*.safetensors"))
    if not found and SHARED_WEIGHTS.is_dir():
        wanted = [
            "rwkv-cpp-tiny/tiny-rwkv-7v0-834K.bf16.safetensors",
            "rwkv-cpp-tiny/tiny-rwkv-5v2-730K-FP16.safetensors",
            "llama2c-stories260K/stories260K.f32.safetensors",
            "faceapi-uint8/tiny_face_detector_model.safetensors",
        ]
        found = [SHARED_WEIGHTS / w for w in wanted if (SHARED_WEIGHTS / w).is_file()]
    return found


@pytest.fixture(scope="session")
def real_files():
    files = real_weight_files()
    if not files:
        pytest.fail("no real weight files: expected tests/data/*.safetensors or $ZIPNN_WEIGHTS")
    return files


def _build_native():
    """libzipnn.so and the zipnn C tool, built from this checkout (outside CI)."""
    build = pathlib.Path(os.environ.get("ZIPNN_NATIVE_BUILD_DIR", REPO / "build" / "python-native"))
    subprocess.run(
        [
            "cmake", "-S", str(REPO), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
            "-DZIPNN_BUILD_TESTS=OFF", "-DZIPNN_BUILD_TOOLS=ON",
            "-DZIPNN_BUILD_BENCH=OFF", "-DZIPNN_BUILD_FUZZ_REPLAY=OFF",
        ],
        check=True, capture_output=True,
    )
    subprocess.run(["cmake", "--build", str(build), "--target", "zipnn", "zipnn_cli", "-j2"], check=True, capture_output=True)
    return build


@pytest.fixture(scope="session")
def native():
    """Paths of the native library and C tool: $ZIPNN_LIB and $ZIPNN_PREFIX/bin/zipnn
    (or $ZIPNN_TOOL), as scripts/test.sh exports them. CI must provide them;
    elsewhere they are built from the checkout."""
    lib = os.environ.get("ZIPNN_LIB")
    prefix = os.environ.get("ZIPNN_PREFIX")
    tool = os.environ.get("ZIPNN_TOOL") or (os.path.join(prefix, "bin", "zipnn") if prefix else None)
    if not lib or not tool:
        if os.environ.get("CI"):
            pytest.fail("CI must set ZIPNN_LIB and ZIPNN_PREFIX (or ZIPNN_TOOL)")
        build = _build_native()
        lib = lib or str(sorted(build.glob("libzipnn.so*"))[0])
        tool = tool or str(build / "tools" / "zipnn")
    assert os.path.isfile(lib), lib
    assert os.access(tool, os.X_OK), tool
    return {"lib": lib, "tool": tool}
