"""Frames and folders are interchangeable between the Python package and the C tool."""

import os
import subprocess

import numpy as np
import ml_dtypes
import torch
from transformers import AutoModelForCausalLM, LlamaConfig, LlamaForCausalLM

import zipnn
import zipnn.hf
from zipnn.__main__ import main


def payload(n=300000):
    return np.random.default_rng(9).normal(0, 0.02, n).astype(ml_dtypes.bfloat16).tobytes()


def test_python_and_c_tool_frames_are_identical(tmp_path, native):
    data = payload()
    src = tmp_path / "w.bin"
    src.write_bytes(data)
    c_out = tmp_path / "c.znn"
    r = subprocess.run([native["tool"], "compress", "-q", "--dtype", "bf16", "-o", str(c_out), str(src)], capture_output=True)
    assert r.returncode == 0, r.stderr
    assert main(["compress", "-q", "--dtype", "bf16", str(src)]) == 0
    py_out = tmp_path / "w.bin.znn"
    assert py_out.read_bytes() == c_out.read_bytes()
    r = subprocess.run([native["tool"], "-d", "-c", str(py_out)], capture_output=True)
    assert r.returncode == 0 and r.stdout == data


def test_default_dtype_detection_matches_c_tool(tmp_path, native, real_files):
    for f in real_files:
        c_out = tmp_path / (f.name + ".c.znn")
        r = subprocess.run([native["tool"], "compress", "-q", "-o", str(c_out), str(f)], capture_output=True)
        assert r.returncode == 0, r.stderr
        py_out = tmp_path / (f.name + ".py.znn")
        assert main(["compress", "-q", "-o", str(py_out), str(f)]) == 0
        assert py_out.read_bytes() == c_out.read_bytes(), f.name


def test_folder_compressed_by_c_tool_loads_in_python(tmp_path, native):
    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=128, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64)
    model = LlamaForCausalLM(cfg).to(torch.bfloat16)
    folder = tmp_path / "m"
    model.save_pretrained(folder, max_shard_size="20KB")
    plain = {n: (folder / n).read_bytes() for n in os.listdir(folder)}
    r = subprocess.run([native["tool"], "compress", "-q", "-r", "--rm", str(folder)], capture_output=True)
    assert r.returncode == 0, r.stderr
    assert "model.safetensors.index.json.znn" in os.listdir(folder)
    loaded = zipnn.hf.from_pretrained(AutoModelForCausalLM, folder, dtype=torch.bfloat16)
    for k, v in model.state_dict().items():
        assert torch.equal(loaded.state_dict()[k], v), k
    # ...and zipnn.hf.decompress_model restores the folder byte for byte.
    zipnn.hf.decompress_model(folder)
    assert {n: (folder / n).read_bytes() for n in os.listdir(folder)} == plain
