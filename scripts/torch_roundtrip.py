#!/usr/bin/env python3
"""Loads Forecast Lab's exported .safetensors into torch.nn.LSTM / nn.GRU + nn.Linear and checks that
PyTorch reproduces the page's predictions.

Usage: /usr/bin/python3 scripts/torch_roundtrip.py DIR [--tol 1e-5]

DIR holds, per case NAME:
  NAME.safetensors       the export, written by the project's TypeScript (src/persist/modelExport.ts)
  NAME.expected.json     either {"x": [...] (B*T*F, model inputs), "B", "T", "F",
                                 "pred": [...] (B*O, the TypeScript CPU reference's predictBatch output)}
                         or, for the whole page pipeline, {"raw": [...] (B*T*F, inputs in original units),
                                 "features": [scaler column of each input], "targets": [scaler column of
                                 each target], "B", "T", "F", "pred": [...] (B*O, forecasts in original units)}:
                         scale with the exported scaler, apply the exported formulation, run the model,
                         undo both (forecast_levels below).
Prints one JSON line per cell with the largest absolute difference, and exits 1 if any exceeds the tolerance.

Needs only PyTorch: the safetensors reader below is a dozen lines (the `safetensors` package is optional).
"""
import json
import struct
import sys
from pathlib import Path

import torch
from torch import nn


def load_safetensors(path):
    """Returns ({name: float32 tensor}, {metadata key: string}) from an F32 safetensors file."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])  # header length, u64 little-endian
    header = json.loads(raw[8 : 8 + n])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n :]
    tensors = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", f"{name}: only F32 is supported"
        begin, end = info["data_offsets"]
        flat = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32)
        if sys.byteorder != "little":
            flat = flat.view(torch.int32).byteswap().view(torch.float32)  # pragma: no cover
        tensors[name] = flat.reshape(info["shape"])
    return tensors, metadata


class Forecaster(nn.Module):
    """The page's model: stacked LSTM or GRU, last hidden state of the top layer, linear head."""

    def __init__(self, cell, input_size, hidden_size, num_layers, output_size, dropout=0.0):
        super().__init__()
        rnn = nn.LSTM if cell == "lstm" else nn.GRU
        self.rnn = rnn(input_size, hidden_size, num_layers, batch_first=True,
                       dropout=dropout if num_layers > 1 else 0.0)
        self.head = nn.Linear(hidden_size, output_size)

    def forward(self, x):  # x: (B, T, F) scaled inputs -> (B, O) scaled outputs, step-major (horizon, targets)
        out, _ = self.rnn(x)
        return self.head(out[:, -1, :])


def load_forecaster(path):
    """Builds a Forecaster from an export and returns (model in eval mode, metadata dict of parsed JSON)."""
    state, metadata = load_safetensors(path)
    m = json.loads(metadata["model"])
    model = Forecaster(m["cell"], m["inputSize"], m["hiddenSize"], m["numLayers"], m["outputSize"], m["dropout"])
    model.load_state_dict(state)  # strict: every key and shape must match
    model.eval()
    return model, {k: json.loads(v) for k, v in metadata.items() if k in ("model", "config", "scaler", "formulation", "calendar")}


def forecast_levels(model, meta, raw, features, targets):
    """The page's forecast from windows in original units: raw (B, T, F) -> (B, horizon*K) original units.

    Scale each input with the exported scaler (after the natural log of the columns its "log" list marks);
    with the 'change' formulation subtract each series column's value at the window's last step (calendar
    columns, listed in the metadata, stay as they are), and add the targets' last scaled values back to the
    outputs; then unscale (and exponentiate the logged targets).
    """
    offset = torch.tensor(meta["scaler"]["offset"], dtype=torch.float64)
    scale = torch.tensor(meta["scaler"]["scale"], dtype=torch.float64)
    log = torch.tensor(meta["scaler"].get("log") or [False] * len(meta["scaler"]["columns"]))
    raw = raw.double()
    raw = torch.where(log[features], raw.clamp_min(1e-300).log(), raw)  # log only where the scaler says
    x = (raw - offset[features]) / scale[features]  # (B, T, F) scaled levels
    change = meta.get("formulation", "level") == "change"
    if change:
        calendar = {c["name"] for c in meta.get("calendar", [])}
        anchored = torch.tensor([meta["scaler"]["columns"][f] not in calendar for f in features])
        x = x - x[:, -1:, :] * anchored
    with torch.no_grad():
        out = model(x.float()).double()  # (B, horizon*K), step-major
    k = len(targets)
    out = out.reshape(out.shape[0], -1, k)  # (B, horizon, K)
    if change:
        last = (raw[:, -1, :] - offset[features]) / scale[features]  # (B, F)
        out = out + last[:, [features.index(t) for t in targets]][:, None, :]
    levels = out * scale[targets] + offset[targets]
    return torch.where(log[targets], levels.exp(), levels).reshape(out.shape[0], -1)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[1])
    tol = float(argv[argv.index("--tol") + 1]) if "--tol" in argv else 1e-5
    worst = 0.0
    cells = sorted(p.name.split(".")[0] for p in folder.glob("*.safetensors"))
    if not cells:
        print(f"no .safetensors files in {folder}", file=sys.stderr)
        return 2
    for cell in cells:
        model, meta = load_forecaster(folder / f"{cell}.safetensors")
        case = json.loads((folder / f"{cell}.expected.json").read_text())
        shape = (case["B"], case["T"], case["F"])
        if "raw" in case:
            raw = torch.tensor(case["raw"], dtype=torch.float64).reshape(shape)
            pred = forecast_levels(model, meta, raw, case["features"], case["targets"]).reshape(-1)
            expected = torch.tensor(case["pred"], dtype=torch.float64)
        else:
            x = torch.tensor(case["x"], dtype=torch.float32).reshape(shape)
            with torch.no_grad():
                pred = model(x).reshape(-1)
            expected = torch.tensor(case["pred"], dtype=torch.float32)
        diff = float((pred - expected).abs().max())
        worst = max(worst, diff)
        print(json.dumps({"cell": cell, "values": expected.numel(), "max_abs_diff": diff, "tol": tol}))
    return 0 if worst <= tol else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
