"""Hugging Face end to end, offline: a tiny bf16 model built from a config,
saved sharded, compressed, then loaded with from_pretrained."""

import filecmp
import hashlib
import json
import os
import shutil

import pytest
import torch
import transformers
from transformers import AutoModelForCausalLM, GPT2Config, LlamaConfig, LlamaForCausalLM

import zipnn.hf


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


def tiny_llama():
    torch.manual_seed(0)
    cfg = LlamaConfig(
        vocab_size=256, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
        tie_word_embeddings=False,
    )
    return LlamaForCausalLM(cfg).to(torch.bfloat16).eval()


def tiny_gpt2():
    torch.manual_seed(1)
    cfg = GPT2Config(vocab_size=200, n_positions=64, n_embd=32, n_layer=2, n_head=4)
    return transformers.GPT2LMHeadModel(cfg).to(torch.bfloat16).eval()


def save_sharded(model, folder):
    model.save_pretrained(folder, max_shard_size="40KB")
    shards = [f for f in os.listdir(folder) if f.endswith(".safetensors")]
    assert len(shards) > 1, "the tiny model must be sharded for this test"
    return folder


def same_weights(a, b):
    sa, sb = a.state_dict(), b.state_dict()
    assert sorted(sa) == sorted(sb)
    for k in sa:
        assert sa[k].dtype == sb[k].dtype, k
        assert torch.equal(sa[k], sb[k]), k


def same_logits(a, b, vocab):
    ids = torch.arange(12).reshape(2, 6) % vocab
    with torch.no_grad():
        assert torch.equal(a(ids).logits, b(ids).logits)


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


@pytest.mark.parametrize("make", [tiny_llama, tiny_gpt2], ids=["llama", "gpt2"])
def test_compressed_folder_loads_identically(tmp_path, make):
    model = make()
    plain = save_sharded(model, tmp_path / "plain")
    comp = tmp_path / "compressed"
    zipnn.hf.compress_model(plain, comp)
    names = sorted(os.listdir(comp))
    assert not [n for n in names if n.endswith(".safetensors")]
    assert [n for n in names if n.endswith(".safetensors.znn")]
    assert "model.safetensors.index.json" not in names
    index = json.load(open(comp / "model.safetensors.index.json.znn"))
    assert all(v.endswith(".safetensors.znn") and (comp / v).is_file() for v in index["weight_map"].values())

    reference = AutoModelForCausalLM.from_pretrained(plain, dtype=torch.bfloat16)
    loaded = zipnn.hf.from_pretrained(AutoModelForCausalLM, comp, dtype=torch.bfloat16)
    assert type(loaded) is type(reference)
    same_weights(loaded, reference)
    same_weights(loaded, model)
    same_logits(loaded, reference, model.config.vocab_size)
    # The originals were not touched and decompress back byte for byte.
    back = zipnn.hf.decompress_model(comp, tmp_path / "back")
    for name in os.listdir(plain):
        assert filecmp.cmp(plain / name, os.path.join(back, name), shallow=False), name


def test_compress_model_in_place(tmp_path):
    model = tiny_llama()
    folder = save_sharded(model, tmp_path / "m")
    original = {n: sha256(folder / n) for n in os.listdir(folder)}
    zipnn.hf.compress_model(folder)
    assert not [n for n in os.listdir(folder) if n.endswith(".safetensors")]
    loaded = zipnn.hf.from_pretrained(LlamaForCausalLM, folder, dtype=torch.bfloat16)
    same_weights(loaded, model)
    zipnn.hf.decompress_model(folder)
    assert {n: sha256(folder / n) for n in os.listdir(folder)} == original


def make_hub_cache(src, hub, repo="local/tiny-llama", rev="0123456789abcdef0123456789abcdef01234567"):
    """The Hugging Face cache layout: blobs named by hash, snapshot symlinks, refs/main."""
    base = hub / ("models--" + repo.replace("/", "--"))
    (base / "blobs").mkdir(parents=True)
    (base / "refs").mkdir()
    (base / "refs" / "main").write_text(rev)
    snap = base / "snapshots" / rev
    snap.mkdir(parents=True)
    for name in os.listdir(src):
        digest = sha256(src / name)
        shutil.copyfile(src / name, base / "blobs" / digest)
        os.symlink(os.path.join("..", "..", "blobs", digest), snap / name)
    return repo, base


def test_hub_cache_decompress_once(tmp_path):
    model = tiny_llama()
    zipnn.hf.compress_model(save_sharded(model, tmp_path / "plain"), tmp_path / "comp")
    hub = tmp_path / "hub"
    repo, base = make_hub_cache(tmp_path / "comp", hub)
    zcache = tmp_path / "zipnn-cache"
    kwargs = dict(cache_dir=str(hub), local_files_only=True, dtype=torch.bfloat16)

    first = zipnn.hf.from_pretrained(AutoModelForCausalLM, repo, cache=True, zipnn_cache_dir=str(zcache), **kwargs)
    same_weights(first, model)
    made = [p for p in zcache.rglob("*.safetensors")]
    assert made, "the decompressed shards are kept in the zipnn cache"
    stamp = {p: p.stat().st_mtime_ns for p in made}
    second = zipnn.hf.from_pretrained(AutoModelForCausalLM, repo, cache=True, zipnn_cache_dir=str(zcache), **kwargs)
    same_weights(second, model)
    assert {p: p.stat().st_mtime_ns for p in made} == stamp, "the second load reuses the cache"
    reference = AutoModelForCausalLM.from_pretrained(tmp_path / "plain", dtype=torch.bfloat16)
    same_logits(second, reference, model.config.vocab_size)

    # The Hugging Face cache is intact: blobs match their hashes, snapshots are links.
    for blob in (base / "blobs").iterdir():
        assert sha256(blob) == blob.name
    for entry in (base / "snapshots").rglob("*"):
        assert entry.is_symlink() or entry.is_dir()
    assert sorted(p.name for p in (base / "snapshots").iterdir()) == [(base / "refs" / "main").read_text()]

    # Without cache=True nothing is left behind.
    third = zipnn.hf.from_pretrained(AutoModelForCausalLM, repo, **kwargs)
    same_weights(third, model)


def test_plain_folder_passes_through(tmp_path):
    model = tiny_gpt2()
    folder = save_sharded(model, tmp_path / "plain")
    loaded = zipnn.hf.from_pretrained(AutoModelForCausalLM, folder, dtype=torch.bfloat16)
    same_weights(loaded, model)
