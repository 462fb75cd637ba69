"""The package imports without torch, numpy or transformers."""

import subprocess
import sys


def test_import_without_optional_packages():
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('torch', 'numpy', 'ml_dtypes', 'transformers', 'safetensors'):\n"
        "            raise ImportError('blocked ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import zipnn, zipnn.safetensors, zipnn.hf\n"
        "f = zipnn.compress(b'abc' * 100, dtype='bf16')\n"
        "assert zipnn.decompress(f) == b'abc' * 100\n"
        "with zipnn.open(sys.argv[1], 'wb') as out: out.write(b'xyz')\n"
        "assert zipnn.open(sys.argv[1]).read() == b'xyz'\n"
        "assert not any(m in sys.modules for m in ('torch', 'numpy'))\n"
        "print('ok')\n"
    )
    import tempfile, os

    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run([sys.executable, "-c", code, os.path.join(d, "x.znn")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"
