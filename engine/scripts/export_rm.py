#!/usr/bin/env python3
"""Export a Hugging Face Llama reward model to the RewardEngine ONNX format, then check ONNX against torch.

Run it wherever the weights are (torch, transformers, onnx and onnxruntime installed):

    python engine/scripts/export_rm.py --model RLHFlow/ArmoRM-Llama3-8B-v0.1 --out models/armorm
    python engine/scripts/export_rm.py --model Skywork/Skywork-Reward-Llama-3.1-8B --out models/skywork
    python engine/scripts/export_rm.py --model ../shared/fixtures/tiny-llama-rm --out /tmp/tiny --write-references

It writes, into --out:
  model.onnx (+ model.onnx.data when the weights pass 2 GB), tokenizer.json, manifest.json, rm.json
and optionally reference_scores.jsonl (torch scores of the check texts, for parity tests of the C# path).

The contract (the same as the engine's C# exporter, `reward models export-onnx`):
  inputs   input_ids, attention_mask: int64 [batch, sequence], right-padded with the manifest's padTokenId
           gating_position: int64 [batch] (ArmoRM only)
  outputs  sequence_classification: logits float32 [batch, num_labels]; the score is logits[:, 0]
           armorm: score float32 [batch], rewards float32 [batch, objectives]
  The score is read at each row's last real token, sum(attention_mask) - 1, inside the graph.

ArmoRM: its gating head reads the hidden state at the last occurrence of the token pattern
"<|eot_id|><|start_header_id|>assistant<|end_header_id|>\\n\\n" ([128009, 128006, 78191, 128007, 271]), found by
a Python loop that tracing cannot capture. The graph therefore takes that position as the extra input
gating_position, which the engine computes in C# with the same search (manifest.gatingPattern).

The self-check scores each check text with torch one at a time without padding (the reference), and with
ONNX Runtime batched and right-padded, and fails (exit 1) when they differ by more than --atol.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

MANIFEST_FORMAT = "reward-engine-rm/1"
LLAMA3_TEMPLATE = {
    "bos": "<|begin_of_text|>",
    "turn": "<|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|>",
    "trimContent": True,
}
# Check texts when no --check-file is given: short, long, multi-turn, odd whitespace.
DEFAULT_CHECK_CONVERSATIONS = [
    [{"role": "user", "content": "What is the capital of France?"},
     {"role": "assistant", "content": "The capital of France is Paris."}],
    [{"role": "user", "content": "What is the capital of France?"},
     {"role": "assistant", "content": "I think it is Lyon, but I am not sure."}],
    [{"role": "user", "content": "  Write a haiku about autumn.\n"},
     {"role": "assistant", "content": "Crisp leaves drift and fall,\ngold light fading through the trees,\nthe year exhales slow."}],
    [{"role": "user", "content": "List three prime numbers."},
     {"role": "assistant", "content": "2, 3 and 5."},
     {"role": "user", "content": "Now three more, larger than 100."},
     {"role": "assistant", "content": "101, 103 and 107 are all prime."}],
    [{"role": "user", "content": "Explain recursion."},
     {"role": "assistant", "content": ("Recursion is when a function calls itself on a smaller piece of the problem "
                                       "until it reaches a base case that it can answer directly. ") * 12}],
]
ARMORM_ARCH = "LlamaForRewardModelWithGating"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="Hugging Face id or local folder")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--kind", choices=["auto", "sequence_classification", "armorm"], default="auto",
                   help="output convention (auto: armorm when config.architectures names %s)" % ARMORM_ARCH)
    p.add_argument("--model-id", help="name shown in the engine's rationales (default: --model)")
    p.add_argument("--max-length", type=int, default=2048, help="the engine truncates texts from the left to this")
    p.add_argument("--dtype", choices=["float32", "float16", "bfloat16"], default="float32",
                   help="weights in the ONNX file; float32 for CPU and parity, float16 for GPU (outputs stay float32)")
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--device", default="cpu", help="torch device for export and the reference (cpu, cuda)")
    p.add_argument("--exporter", choices=["auto", "torchscript", "dynamo"], default="auto",
                   help="torch.onnx exporter; auto tries torchscript first, then dynamo")
    p.add_argument("--check-file", help="JSONL with 'messages' (or text_chosen/text_rejected) per line; default: built-in texts")
    p.add_argument("--check-count", type=int, default=16, help="at most this many check texts")
    p.add_argument("--atol", type=float, default=None, help="max |onnx - torch| (default 1e-4 for float32, 5e-2 otherwise)")
    p.add_argument("--ort-provider", default="CPUExecutionProvider",
                   help="onnxruntime provider for the check (CUDAExecutionProvider on a GPU machine)")
    p.add_argument("--write-references", action="store_true", help="also write reference_scores.jsonl")
    p.add_argument("--skip-check", action="store_true", help="export only (not recommended)")
    p.add_argument("--allow-template-mismatch", action="store_true",
                   help="pass the check even when the tokenizer's chat_template renders differently from the manifest's")
    p.add_argument("--trust-remote-code", action="store_true",
                   help="let transformers run the model's own code (ArmoRM) to cross-check this script's heads")
    return p.parse_args(argv)


# ----------------------------------------------------------------------------------------------------------------------
# Model loading


def load_model(args, torch, transformers):
    """Returns (kind, torch module computing the graph's outputs, hf config, reference scorer)."""
    dtype = getattr(torch, args.dtype)
    config = transformers.AutoConfig.from_pretrained(args.model, trust_remote_code=args.trust_remote_code)
    archs = list(getattr(config, "architectures", None) or [])
    kind = args.kind
    if kind == "auto":
        kind = "armorm" if ARMORM_ARCH in archs else "sequence_classification"
    if config.model_type != "llama":
        print(f"warning: model_type {config.model_type!r} is not llama; the engine's C# exporter supports llama only, "
              "this script exports whatever torch traces", file=sys.stderr)
    # Eager attention: its masking is plain tensor math that traces and exports on every torch version.
    # transformers 5 renamed torch_dtype to dtype.
    dtype_key = "dtype" if int(transformers.__version__.split(".")[0]) >= 5 else "torch_dtype"
    common = {dtype_key: dtype, "attn_implementation": "eager"}
    if kind == "sequence_classification":
        model = transformers.AutoModelForSequenceClassification.from_pretrained(args.model, **common)
        model.to(args.device).eval()
        return kind, SequenceClassificationExport(model, torch), config, model
    backbone = transformers.AutoModel.from_pretrained(args.model, **common)  # LlamaModel; the "model." prefix is stripped
    heads = load_armorm_heads(args.model, config, dtype, torch)
    wrapper = ArmoRMExport(backbone, heads, torch).to(args.device).eval()
    remote = None
    if args.trust_remote_code:
        remote = transformers.AutoModelForSequenceClassification.from_pretrained(
            args.model, trust_remote_code=True, **common).to(args.device).eval()
    return kind, wrapper, config, remote


def checkpoint_files(model, names):
    """Local paths of the checkpoint's safetensors files (downloads them through the hub cache when needed)."""
    from huggingface_hub import hf_hub_download

    folder = Path(model)
    local = folder.is_dir()

    def get(name):
        if local:
            return str(folder / name)
        return hf_hub_download(model, name)

    index = None
    try:
        index = get("model.safetensors.index.json")
        if local and not Path(index).exists():
            index = None
    except Exception:  # noqa: BLE001 - a single-file checkpoint has no index
        index = None
    if index is None:
        return [get("model.safetensors")]
    weight_map = json.load(open(index))["weight_map"]
    files = sorted({f for k, f in weight_map.items() if any(k.startswith(n) for n in names)})
    return [get(f) for f in files]


def load_armorm_heads(model, config, dtype, torch):
    """ArmoRM's heads rebuilt from the published structure, so the remote code (which newer transformers may not
    import) is not needed: regression_layer (no bias), gating (Linear+ReLU x n_hidden, Linear, softmax(x / T) *
    logit_scale), reward_transform_matrix."""
    from safetensors.torch import load_file

    nn = torch.nn
    cfg = config.to_dict()
    hidden = config.hidden_size
    k = cfg.get("num_objectives", 19)
    gating_hidden = cfg.get("gating_hidden_dim", 1024)
    n_hidden = cfg.get("gating_n_hidden", 3)
    temperature = cfg.get("gating_temperature", 10)

    class Gating(nn.Module):
        def __init__(self):
            super().__init__()
            dims = [hidden] + [gating_hidden] * n_hidden + [k]
            self.layers = nn.ModuleList([nn.Linear(dims[i], dims[i + 1], bias=True) for i in range(len(dims) - 1)])
            self.logit_scale = nn.Parameter(torch.ones(1))
            self.temperature = temperature

        def forward(self, x):
            for i, layer in enumerate(self.layers):
                x = layer(x)
                if i < len(self.layers) - 1:
                    x = torch.relu(x)
            return torch.softmax(x / self.temperature, dim=1) * self.logit_scale[0]

    class Heads(nn.Module):
        def __init__(self):
            super().__init__()
            self.regression_layer = nn.Linear(hidden, k, bias=False)
            self.gating = Gating()
            self.reward_transform_matrix = nn.Parameter(torch.eye(k))

    heads = Heads()
    state = {}
    prefixes = ("regression_layer.", "gating.", "reward_transform_matrix")
    for f in checkpoint_files(model, prefixes):
        for name, tensor in load_file(f).items():
            if name.startswith(prefixes):
                state[name] = tensor
    missing, unexpected = heads.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise SystemExit(f"ArmoRM heads do not match the checkpoint: missing {missing}, unexpected {unexpected}")
    return heads.to(dtype)


def make_wrappers(torch):
    nn = torch.nn

    def last_token(hidden, attention_mask):
        # Right padding: the last real token is at sum(mask) - 1, a gather that exports as plain ONNX ops.
        index = attention_mask.sum(dim=-1) - 1
        rows = torch.arange(hidden.shape[0], device=hidden.device)
        return hidden[rows, index]

    class SequenceClassificationExport(nn.Module):
        def __init__(self, model, _torch):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            hidden = self.model.base_model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.model.score(last_token(hidden, attention_mask)).float()

    class ArmoRMExport(nn.Module):
        def __init__(self, backbone, heads, _torch):
            super().__init__()
            self.backbone = backbone
            self.heads = heads

        def forward(self, input_ids, attention_mask, gating_position):
            hidden = self.backbone(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            rewards = self.heads.regression_layer(last_token(hidden, attention_mask))
            rows = torch.arange(hidden.shape[0], device=hidden.device)
            gates = self.heads.gating(hidden[rows, gating_position])
            score = torch.sum(gates * (rewards @ self.heads.reward_transform_matrix), dim=1)
            return score.float(), rewards.float()

    return SequenceClassificationExport, ArmoRMExport


# ----------------------------------------------------------------------------------------------------------------------
# Template, tokens, gating


def render(template, messages):
    text = template["bos"]
    for m in messages:
        content = m["content"].strip() if template["trimContent"] else m["content"]
        text += template["turn"].replace("{role}", m["role"]).replace("{content}", content)
    return text


def encode(tokenizer, text, max_length):
    # The rendered text holds its special tokens: add none (apply_chat_template's behaviour); truncate from the left.
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    return ids[-max_length:]


def gating_text(template):
    turn = template["turn"]
    i = turn.index("{content}")
    return turn[i + len("{content}"):] + turn[:i].replace("{role}", "assistant")


def find_gating(ids, pattern):
    """Start of the last occurrence of pattern (ArmoRM's find_token_for_gating); the last token if absent."""
    n = len(pattern)
    for j in range(len(ids) - n, -1, -1):
        if ids[j:j + n] == pattern:
            return j
    return len(ids) - 1


def check_conversations(args):
    if not args.check_file:
        return DEFAULT_CHECK_CONVERSATIONS[:args.check_count]
    out = []
    with open(args.check_file) as f:
        text = f.read()
    records = json.loads(text) if text.lstrip().startswith("[") else [json.loads(l) for l in text.splitlines() if l.strip()]
    for r in records:
        for key in ("messages", "text_chosen", "text_rejected"):
            if key in r:
                out.append(r[key])
    return out[:args.check_count]


# ----------------------------------------------------------------------------------------------------------------------
# Export


def export_onnx(args, torch, wrapper, kind, pad_id, out_dir):
    import onnx

    # Example inputs with a padded row, so no data-dependent shortcut for unpadded batches is baked into the trace.
    device = args.device
    ids = torch.tensor([[1, 2, 3, 4, 5, 6], [1, 2, 3, pad_id, pad_id, pad_id]], dtype=torch.long, device=device)
    mask = torch.tensor([[1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0]], dtype=torch.long, device=device)
    inputs = (ids, mask)
    input_names = ["input_ids", "attention_mask"]
    dynamic_axes = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"}}
    if kind == "armorm":
        inputs += (torch.tensor([2, 1], dtype=torch.long, device=device),)
        input_names.append("gating_position")
        dynamic_axes["gating_position"] = {0: "batch"}
        output_names = ["score", "rewards"]
        dynamic_axes.update({"score": {0: "batch"}, "rewards": {0: "batch"}})
    else:
        output_names = ["logits"]
        dynamic_axes["logits"] = {0: "batch"}

    tmp = Path(tempfile.mkdtemp(prefix="rm-export-", dir=out_dir))
    raw = tmp / "model.onnx"
    exporters = ["torchscript", "dynamo"] if args.exporter == "auto" else [args.exporter]
    last_error = None
    for exporter in exporters:
        try:
            with torch.no_grad():
                kwargs = dict(input_names=input_names, output_names=output_names, dynamic_axes=dynamic_axes,
                              opset_version=args.opset, do_constant_folding=True)
                if exporter == "dynamo":
                    torch.onnx.export(wrapper, inputs, str(raw), dynamo=True, external_data=True, **kwargs)
                else:
                    try:
                        torch.onnx.export(wrapper, inputs, str(raw), dynamo=False, **kwargs)
                    except TypeError:  # torch before the dynamo switch has no such argument
                        torch.onnx.export(wrapper, inputs, str(raw), **kwargs)
            print(f"exported with the {exporter} exporter")
            last_error = None
            break
        except Exception as e:  # noqa: BLE001 - try the other exporter, report both when both fail
            print(f"warning: {exporter} exporter failed: {type(e).__name__}: {e}", file=sys.stderr)
            last_error = e
            for f in tmp.iterdir():
                f.unlink()
    if last_error is not None:
        raise SystemExit(f"export failed: {last_error}")

    # One layout whatever the exporter wrote: weights inline under 2 GB, else all in model.onnx.data.
    model = onnx.load(str(raw), load_external_data=True)
    model.metadata_props.add(key="model_id", value=args.model_id or args.model)
    model.metadata_props.add(key="convention", value=kind)
    # From the torch parameters: exporters may keep weights as initializers or as Constant nodes.
    size = sum(p.numel() * p.element_size() for p in wrapper.parameters())
    target = out_dir / "model.onnx"
    data = out_dir / "model.onnx.data"
    for f in (target, data):
        if f.exists():
            f.unlink()
    if size > 1_800_000_000:
        onnx.save_model(model, str(target), save_as_external_data=True, all_tensors_to_one_file=True,
                        location="model.onnx.data", size_threshold=1024)
    else:
        onnx.save_model(model, str(target))
    shutil.rmtree(tmp)
    # Graph-level validation (the path form also works past 2 GB).
    onnx.checker.check_model(str(target))
    return target, size


def save_tokenizer(tokenizer, model_name, out_dir):
    target = out_dir / "tokenizer.json"
    src = Path(model_name) / "tokenizer.json"
    if src.is_file():
        shutil.copyfile(src, target)
        return target
    if not getattr(tokenizer, "is_fast", False):
        raise SystemExit("the engine needs tokenizer.json (a fast tokenizer); this model has only a slow one")
    tokenizer.backend_tokenizer.save(str(target))
    return target


# ----------------------------------------------------------------------------------------------------------------------
# Self-check


def torch_reference(kind, model_or_remote, wrapper, tokenizer, ids, gating_pattern, torch, device):
    """Torch score of one unpadded text: the HF model's own forward where we have it."""
    x = torch.tensor([ids], dtype=torch.long, device=device)
    m = torch.ones_like(x)
    with torch.no_grad():
        if kind == "sequence_classification":
            return float(model_or_remote(input_ids=x, attention_mask=m).logits[0, 0].float())
        ours = float(wrapper(x, m, torch.tensor([find_gating(ids, gating_pattern)], device=device))[0][0])
        if model_or_remote is not None:  # ArmoRM's remote code: its own gating search and heads
            theirs = float(model_or_remote(input_ids=x, attention_mask=m).score[0].float())
            if abs(theirs - ours) > 1e-3 * max(1.0, abs(theirs)):
                raise SystemExit(f"this script's ArmoRM heads disagree with the remote code: {ours} vs {theirs}")
            return theirs
        return ours


def run_onnx(path, kind, rows, pad_id, gating_pattern, provider):
    import numpy as np
    import onnxruntime as ort

    providers = [provider] if provider == "CPUExecutionProvider" else [provider, "CPUExecutionProvider"]
    session = ort.InferenceSession(str(path), providers=providers)
    t = max(len(r) for r in rows)
    ids = np.full((len(rows), t), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), t), dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = r
        mask[i, :len(r)] = 1
    feeds = {"input_ids": ids, "attention_mask": mask}
    if kind == "armorm":
        feeds["gating_position"] = np.array([find_gating(r, gating_pattern) for r in rows], dtype=np.int64)
        return session.run(["score"], feeds)[0].astype(float).tolist()
    return session.run(["logits"], feeds)[0][:, 0].astype(float).tolist()


def main(argv=None):
    args = parse_args(argv)
    import torch
    import transformers

    global SequenceClassificationExport, ArmoRMExport
    SequenceClassificationExport, ArmoRMExport = make_wrappers(torch)

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = transformers.AutoTokenizer.from_pretrained(args.model)
    kind, wrapper, config, reference_model = load_model(args, torch, transformers)

    pad_id = config.pad_token_id
    if pad_id is None:
        pad_id = tokenizer.pad_token_id
    if pad_id is None:  # masked out and read before, so any id works; BOS is always in the vocabulary
        pad_id = tokenizer.bos_token_id or 0
    template = dict(LLAMA3_TEMPLATE)
    if tokenizer.bos_token:
        template["bos"] = tokenizer.bos_token
    gating_pattern = None
    if kind == "armorm":
        gating_pattern = tokenizer(gating_text(template), add_special_tokens=False)["input_ids"]
        print(f"gating pattern: {gating_pattern}")

    model_path, size = export_onnx(args, torch, wrapper, kind, pad_id, out_dir)
    print(f"wrote {model_path} ({size / 1e9:.2f} GB of weights)")
    save_tokenizer(tokenizer, args.model, out_dir)
    manifest = {
        "format": MANIFEST_FORMAT,
        "modelId": args.model_id or args.model,
        "convention": kind,
        "inputIds": "input_ids",
        "attentionMask": "attention_mask",
        "output": "score" if kind == "armorm" else "logits",
        "padTokenId": int(pad_id),
        "maxLength": args.max_length,
        "chatTemplate": template,
    }
    if kind == "armorm":
        manifest["gatingPosition"] = "gating_position"
        manifest["gatingPattern"] = gating_pattern
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    rm = {"model": "model.onnx", "tokenizer": "tokenizer.json", "manifest": "manifest.json",
          "device": "auto", "batchSize": 16, "maxBatchTokens": 32768, "threads": 0}
    (out_dir / "rm.json").write_text(json.dumps(rm, indent=2) + "\n")
    if args.skip_check:
        print("self-check skipped")
        return 0

    conversations = check_conversations(args)
    rows, records, template_mismatch = [], [], 0
    for conv in conversations:
        text = render(template, conv)
        if getattr(tokenizer, "chat_template", None):
            hf_text = tokenizer.apply_chat_template(conv, tokenize=False)
            if hf_text != text:
                template_mismatch += 1
        ids = encode(tokenizer, text, args.max_length)
        rows.append(ids)
        records.append({"messages": conv, "rendered": text, "input_ids": ids})
    if template_mismatch:
        print(f"warning: the manifest's Llama-3 template renders {template_mismatch}/{len(conversations)} check texts "
              "differently from the tokenizer's chat_template; edit manifest.json's chatTemplate", file=sys.stderr)

    reference = [torch_reference(kind, reference_model, wrapper, tokenizer, ids, gating_pattern, torch, args.device)
                 for ids in rows]
    onnx_scores = run_onnx(model_path, kind, rows, pad_id, gating_pattern, args.ort_provider)
    onnx_single = [run_onnx(model_path, kind, [r], pad_id, gating_pattern, args.ort_provider)[0] for r in rows]
    atol = args.atol if args.atol is not None else (1e-4 if args.dtype == "float32" else 5e-2)
    batched_diff = max(abs(a - b) for a, b in zip(onnx_scores, reference))
    single_diff = max(abs(a - b) for a, b in zip(onnx_single, reference))
    print(f"self-check on {len(rows)} texts ({min(map(len, rows))}..{max(map(len, rows))} tokens): "
          f"max |onnx - torch| batched {batched_diff:.3g}, one at a time {single_diff:.3g} (tolerance {atol:g})")
    if args.write_references:
        with open(out_dir / "reference_scores.jsonl", "w") as f:
            for i, (rec, s) in enumerate(zip(records, reference)):
                f.write(json.dumps({"id": f"check/{i}", **rec, "score": s}, ensure_ascii=False) + "\n")
    if max(batched_diff, single_diff) > atol or (template_mismatch and not args.allow_template_mismatch):
        print("self-check FAILED", file=sys.stderr)
        return 1
    print("self-check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
