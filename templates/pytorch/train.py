"""Trains the Forecast Lab run "{{run_name}}" in PyTorch: the page's data preparation, network, optimiser,
gradient clipping, early stopping and evaluation, from the page's initial weights.

    python train.py                               # one CPU or GPU
    torchrun --nproc_per_node 2 train.py          # several processes (gloo on CPU, nccl on GPUs)
    python3 torchrun_compat.py --nproc_per_node 2 train.py   # the same where torchrun fails (Debian's torch 1.13)
    python train.py --steps 5 --no-shuffle --dtype float64 --print-losses   # compare with the page

Writes weights.safetensors (load it in the page with its config.json) and metrics.json.
#if forecast
Then, as the page does, refits fresh models from consecutive seeds on every row for the epochs early stopping
chose and forecasts past the data with their median: refit-<i>.safetensors and forecast.csv (--no-refit: the
held-out model forecasts).
#endif
"""
import argparse
import csv
import json
import math
import os
import struct
#if times=iso
from datetime import datetime, timedelta, timezone
#endif
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from model import Forecaster

HERE = Path(__file__).resolve().parent
#if times=iso
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
#endif


def read_safetensors(path):
    """{name: float32 tensor} from an F32 .safetensors file (the format is a JSON header and raw bytes)."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    header.pop("__metadata__", None)
    data = raw[8 + n :]
    out = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).reshape(info["shape"])
    return out


def write_safetensors(path, tensors, metadata):
    """Writes float32 tensors and string metadata as .safetensors."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, tensor in tensors.items():
        blob = tensor.detach().to("cpu", torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    Path(path).write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load_series(names):
    """data.csv: the cleaned series (original units) with the page's column names, in `names` order."""
    with open(HERE / "data.csv", newline="") as f:
        rows = list(csv.reader(f))
    index = [rows[0].index(n) for n in names]
    return np.array([[float(r[i]) for i in index] for r in rows[1:]], dtype=np.float32)


def fit_scaler(values, train_end, kind, series):
    """Offset and scale per column from the training rows only ({{scaler}}); other columns stay as they are."""
    offset = np.zeros(values.shape[1])
    scale = np.ones(values.shape[1])
    for c in range(series):
        v = values[:train_end, c].astype(np.float64)
        v = v[~np.isnan(v)]
        if v.size == 0:
            continue
#if scaler=standard
        mean, sd = v.mean(), math.sqrt(((v - v.mean()) ** 2).sum() / v.size)
        offset[c], scale[c] = mean, (sd if sd > 1e-12 * max(1.0, abs(mean)) else 1.0)
#endif
#if scaler=changes
        d = np.diff(v)
        mean, sd = v.mean(), (math.sqrt(max(0.0, (d * d).mean() - d.mean() ** 2)) if d.size else 0.0)
        offset[c], scale[c] = mean, (sd if sd > 1e-12 * max(1.0, abs(mean)) else 1.0)
#endif
#if scaler=minmax
        offset[c], scale[c] = v.min(), (v.max() - v.min() if v.max() > v.min() else 1.0)
#endif
    return offset, scale


def seasonal_adjust(levels, seasonal, direction, rows=None):
    """Takes each column's season out (direction -1) or puts it back (+1); rows: each value's row."""
    out = levels.copy()
    rows = np.arange(levels.shape[0]) if rows is None else rows
    for c, s in enumerate(seasonal):
        if s is None:
            continue
        f = np.asarray(s["factors"])[rows % len(s["factors"])]
        if s["type"] == "multiplicative":
            out[..., c] = out[..., c] / f if direction < 0 else out[..., c] * f
        else:
            out[..., c] = out[..., c] - f if direction < 0 else out[..., c] + f
    return out


def window_starts(rows, history_start, window):
    """First input row of every window whose targets lie in rows [start, end)."""
    first = max(rows[0], history_start + window["inputLength"])
    room = rows[1] - first - window["horizon"]
    count = 0 if room < 0 else room // window["stride"] + 1
    return [first - window["inputLength"] + k * window["stride"] for k in range(count)]


def gather(scaled, starts, data, dtype):
    """x (W, T, F) and y (W, horizon * K) as the networks see them, and the anchors (W, K)."""
    T, h = data["window"]["inputLength"], data["window"]["horizon"]
    features, targets = data["featureIndex"], data["targetIndex"]
    x = np.stack([scaled[s : s + T, features] for s in starts])
    y = np.stack([scaled[s + T : s + T + h, targets].reshape(-1) for s in starts])
    anchors = np.stack([scaled[s + T - 1, targets] for s in starts])
#if formulation=change
    # 'change': every series input relative to its value at the window's last step, targets relative to
    # the targets' last values (calendar columns stay as they are)
    anchored = np.array([f < data["seriesColumns"] for f in features])
    x[:, :, anchored] -= x[:, -1:, anchored]
    y -= np.tile(anchors, (1, h))
#endif
    return torch.tensor(x, dtype=dtype), torch.tensor(y, dtype=dtype), anchors, np.array(starts, dtype=np.int64)


def mulberry32(seed, count):
    """(count) float64: the first draws in [0, 1) of the page's generator mulberry32(seed) (random.ts). Its state
    only steps by a constant, so the n-th draw is a function of seed + n * 0x6D2B79F5 and all are drawn at once."""
    mask = np.uint64(0xFFFFFFFF)
    steps = np.arange(1, count + 1, dtype=np.uint64)
    a = (np.uint64(seed & 0xFFFFFFFF) + steps * np.uint64(0x6D2B79F5)) & mask
    t = ((a ^ (a >> np.uint64(15))) * (a | np.uint64(1))) & mask
    t ^= (t + (((t ^ (t >> np.uint64(7))) * (t | np.uint64(61))) & mask)) & mask
    return (t ^ (t >> np.uint64(14))).astype(np.float64) / 4294967296


def shuffled(n, seed):
    """The page's batch order: a Fisher-Yates permutation drawn with mulberry32(seed)."""
    order, draws = list(range(n)), mulberry32(seed, max(0, n - 1))
    for k, i in enumerate(range(n - 1, 0, -1)):
        j = int(draws[k] * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def make_optimizer(trained):
    """The page's optimiser with its settings."""
    return {{optimizer}}


def train_step(trained, optimizer, xb, yb):
    """One step on a batch as the page takes it: MSE loss, backward, clipping if the run clips, update."""
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(trained(xb), yb)
    loss.backward()
#if clip
    torch.nn.utils.clip_grad_norm_(trained.parameters(), {{clip_norm}})
#endif
    optimizer.step()
    return loss.item()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, help="override the run's epochs")
    parser.add_argument("--steps", type=int, help="stop after this many training steps")
    parser.add_argument("--no-shuffle", action="store_true", help="train windows in order")
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--print-losses", action="store_true", help="print the training losses as JSON")
    parser.add_argument("--weights", default="initial.safetensors", help="weights to start from")
    parser.add_argument("--out", default=".", help="folder for weights.safetensors and metrics.json")
#if forecast
    parser.add_argument("--no-refit", action="store_true", help="forecast with the held-out model, no refit")
    parser.add_argument("--refit-epochs", type=int, help="override the refit's epochs (default: the best epoch)")
    parser.add_argument("--refit-members", type=int, help="override the number of refits (default: the page's)")
#endif
    args = parser.parse_args()

    cfg = json.loads((HERE / "config.json").read_text())
    data, net, loop = cfg["data"], cfg["model"], cfg["loop"]
    dtype = torch.float64 if args.dtype == "float64" else torch.float32

    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    rank, world = 0, 1
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if distributed:
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        if torch.cuda.is_available():
            device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
    torch.manual_seed(net["seed"])

    values = load_series(data["columns"])
    splits = data["splits"]
    levels = values.astype(np.float64)
#if seasonal
    # seasonal adjustment fitted on the training rows: row r of a column divided by (or less) factors[r % m]
    levels = seasonal_adjust(levels, data["seasonal"], -1)
#endif
#if log
    # the 'log' transform: the scaler and the network see the natural log of the series columns
    levels[:, : data["seriesColumns"]] = np.log(levels[:, : data["seriesColumns"]])
#endif
    offset, scale = fit_scaler(levels, splits["train"][1], data["scaler"], data["seriesColumns"])
    scaled = ((levels - offset) / scale).astype(np.float32)
    sets = {
        name: gather(scaled, window_starts(splits[name], splits[name][0] if name == "train" else 0, data["window"]), data, dtype)
        for name in ("train", "val", "test")
    }

    model = Forecaster(net["inputSize"], net["hiddenSize"], net["numLayers"], net["outputSize"], net["dropout"])
    model.load_state_dict(read_safetensors(HERE / args.weights))
    model = model.to(device, dtype)
    trained = DistributedDataParallel(model) if distributed else model
    optimizer = make_optimizer(trained)

    x_train, y_train = sets["train"][0], sets["train"][1]
    n = x_train.shape[0]
    batch = max(1, min(loop["batchSize"], n))
    steps_per_epoch = max(1, n // batch)
    epochs = args.epochs or loop["epochs"]
    losses, history, best = [], [], (math.inf, 0, None)
    since_best, step = 0, 0
    for epoch in range(1, epochs + 1):
        order = list(range(n)) if args.no_shuffle else shuffled(n, net["seed"] + epoch)
        trained.train()
        epoch_loss = 0.0
        for s in range(steps_per_epoch):
            idx = order[s * batch : (s + 1) * batch][rank::world]  # each process takes its share of the batch
            loss = train_step(trained, optimizer, x_train[idx].to(device), y_train[idx].to(device))
            losses.append(loss)
            epoch_loss += loss
            step += 1
            if args.steps and step >= args.steps:
                break
        val = evaluate_loss(model, sets["val"], device)
        criterion = val if not math.isnan(val) else epoch_loss / steps_per_epoch
        history.append({"epoch": epoch, "train": epoch_loss / steps_per_epoch, "val": val})
        if rank == 0 and not args.print_losses:
            print(f"epoch {epoch}: train {epoch_loss / steps_per_epoch:.6f} val {val:.6f}")
        if criterion < best[0]:
            best, since_best = (criterion, epoch, {k: v.clone() for k, v in model.state_dict().items()}), 0
        else:
            since_best += 1
        if args.steps and step >= args.steps:
            break
#if early_stopping
        if since_best >= {{patience}} and epoch < epochs:
            break
#endif

    if args.print_losses:
        if rank == 0:
            print(json.dumps(losses))
    elif rank == 0:
        model.load_state_dict(best[2])
        metrics = test_metrics(model, sets["test"], values, offset, scale, data, device)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        write_safetensors(out / "weights.safetensors", model.state_dict(), {"format": "pt", "producer": "forecast-lab train.py"})
        (out / "metrics.json").write_text(json.dumps({"bestEpoch": best[1], "history": history, "test": metrics}, indent=2))
        print(f"best epoch {best[1]}; test {json.dumps(metrics)}")
#if forecast
        # only this process refits and forecasts (whole batches in one process, as the page); the others are done
        refit_and_forecast(args, cfg, best[1], model, scaled, values, offset, scale, device, dtype, out)
#endif
    if distributed:
        dist.destroy_process_group()


def evaluate_loss(model, split, device):
    """Mean squared error over a split's windows (scaled), or NaN when it has none."""
    x, y = split[0], split[1]
    if x.shape[0] == 0:
        return math.nan
    model.eval()
    with torch.no_grad():
        return torch.mean((model(x.to(device)) - y.to(device)) ** 2).item()


def test_metrics(model, split, values, offset, scale, data, device):
    """MAE, RMSE and MASE of the test windows in original units (the page's metrics table)."""
    x, y, anchors, starts = split
    if x.shape[0] == 0:
        return {}
    model.eval()
    with torch.no_grad():
        pred = model(x.to(device)).cpu().double().numpy()
    truth = y.double().numpy()
    h, targets = data["window"]["horizon"], data["targetIndex"]
#if formulation=change
    pred, truth = pred + np.tile(anchors, (1, h)), truth + np.tile(anchors, (1, h))
#endif
    k = len(targets)
    unscale = lambda a: a.reshape(-1, h, k) * scale[targets] + offset[targets]
#if log
    unscale = lambda a: np.exp(a.reshape(-1, h, k) * scale[targets] + offset[targets])
#endif
#if seasonal
    # the season of each target row back: window w's step i is row starts[w] + T + i
    T = data["window"]["inputLength"]
    rows = np.asarray(starts)[:, None] + T + np.arange(h)[None, :]
    target_seasons = [data["seasonal"][j] for j in targets]
    plain = unscale
    unscale = lambda a: seasonal_adjust(plain(a), target_seasons, 1, rows)
#endif
    err = unscale(pred) - unscale(truth)
    train = values[: data["splits"]["train"][1], targets].astype(np.float64)
    m = data["season"] if train.shape[0] >= data["season"] + max(2, math.ceil(data["season"] / 2)) else 1
    mase_scale = np.array([np.nanmean(np.abs(train[m:, j] - train[:-m, j])) or 1.0 for j in range(k)])
    return {
        "mae": float(np.abs(err).mean()),
        "rmse": float(np.sqrt((err**2).mean())),
        "mase": float((np.abs(err) / mase_scale).mean()),
    }


#if forecast
def refit_and_forecast(args, cfg, best_epoch, held_out, scaled, values, offset, scale, device, dtype, out):
    """The forecast past the data as the page makes it: the element-wise median of the forecasts of fresh models
    refit on every row, from consecutive seeds, for the epochs early stopping chose (refit-<i>.safetensors), or
    from the held-out model with --no-refit or when every refit's loss became non-finite. Writes forecast.csv and
    says which models forecast."""
    epochs = args.refit_epochs or max(1, math.floor(best_epoch))
    members = max(1, args.refit_members or cfg["forecast"].get("refitMembers", 1))
    refits = [] if args.no_refit else train_refits(args, cfg, scaled, epochs, members, device, dtype, out)
    if refits:
        which = "the model refit" if len(refits) == 1 else f"the median of {len(refits)} refits"
        seeds = ", ".join(str(cfg["model"]["seed"] + i) for i, _ in refits)
        files = ", ".join(f"refit-{i}.safetensors" for i, _ in refits)
        print(f"forecast from {which} on all {scaled.shape[0]} rows for {epochs} epoch(s), seed(s) {seeds}: {files}")
    else:
        why = "--no-refit" if args.no_refit else "every refit's loss became non-finite"
        print(f"forecast from the held-out model (best epoch {best_epoch}): {why}")
    models = [model for _, model in refits] or [held_out]
    forecast_past_data(models, scaled, values, offset, scale, cfg["data"], cfg["forecast"], device, dtype, out)


def train_refits(args, cfg, scaled, epochs, members, device, dtype, out):
    """[(i, model)]: the page's refits (refit.ts), member i from seed + i; member 0 starts from --weights (the
    run's initial weights, the page's initialisation for its seed), the others from the page's initialisation for
    their seeds. Each one's weights go to refit-<i>.safetensors; a member whose loss became non-finite is left out,
    as on the page."""
    data, net, loop = cfg["data"], cfg["model"], cfg["loop"]
    refits = []
    for i in range(members):
        seed = net["seed"] + i
        torch.manual_seed(seed)  # dropout's masks, when the run has dropout, come from PyTorch's generator
        start = read_safetensors(HERE / args.weights) if i == 0 else seeded_weights(net, seed)
        model = refit_model(scaled, data, net, loop, start, seed, epochs, device, dtype)
        if model is None:
            print(f"the refit from seed {seed} is left out: its loss became non-finite")
            continue
        metadata = {"format": "pt", "producer": "forecast-lab train.py refit", "seed": str(seed)}
        write_safetensors(out / f"refit-{i}.safetensors", model.state_dict(), metadata)
        refits.append((i, model))
    return refits


def seeded_weights(net, seed):
    """{state-dict name: (shape) float32}: the page's seeded initialisation (initParams in model.ts): every value
    (u * 2 - 1) / sqrt(H), u drawn from mulberry32(seed) in the page's flat layout order (layout.ts: per layer
    weight_ih, weight_hh, bias_ih, bias_hh, then head.weight and head.bias; the recurrent names take "rnn." as
    modelExport.ts stateDictName does)."""
    H, L = net["hiddenSize"], net["numLayers"]
    shapes = Forecaster(net["inputSize"], H, L, net["outputSize"], net["dropout"]).state_dict()
    names = [f"rnn.{kind}_l{k}" for k in range(L) for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    names += ["head.weight", "head.bias"]
    sizes = [shapes[name].numel() for name in names]
    values = ((mulberry32(seed, sum(sizes)) * 2 - 1) * (1 / math.sqrt(H))).astype(np.float32)
    ends = np.cumsum(sizes)
    return {
        name: torch.from_numpy(values[end - size : end].copy()).reshape(shapes[name].shape)
        for name, size, end in zip(names, sizes, ends)
    }


def refit_model(scaled, data, net, loop, weights, seed, epochs, device, dtype):
    """One of the page's refits (refit.ts): a fresh model from `weights` trained on the windows of every row for
    `epochs` epochs in the page's batch order for `seed`, keeping its last weights; None when a loss became
    non-finite (the page then leaves it out). The scaler stays the one fitted on the training rows."""
    x, y = gather(scaled, window_starts((0, scaled.shape[0]), 0, data["window"]), data, dtype)[:2]
    model = Forecaster(net["inputSize"], net["hiddenSize"], net["numLayers"], net["outputSize"], net["dropout"])
    model.load_state_dict(weights)
    model = model.to(device, dtype)
    optimizer = make_optimizer(model)
    n = x.shape[0]
    batch = max(1, min(loop["batchSize"], n))
    model.train()
    for epoch in range(1, epochs + 1):
        order = shuffled(n, seed + epoch)
        for s in range(max(1, n // batch)):
            idx = order[s * batch : (s + 1) * batch]
            if not math.isfinite(train_step(model, optimizer, x[idx].to(device), y[idx].to(device))):
                return None
    return model


def median_across(forecasts):
    """(steps, K) float64: the element-wise median of the members' forecasts, non-finite values skipped (NaN where
    every member's is), as the page's medianAcross (combination.ts): the middle value, or the mean of the middle
    two."""
    stacked = np.stack(forecasts).astype(np.float64)  # (members, steps, K)
    stacked[~np.isfinite(stacked)] = np.nan
    out = np.full(stacked.shape[1:], np.nan)
    seen = ~np.all(np.isnan(stacked), axis=0)
    out[seen] = np.nanmedian(stacked[:, seen], axis=0)
    return out


def forecast_past_data(models, scaled, values, offset, scale, data, forecast, device, dtype, out):
    """forecast.csv: the forecast of the steps past the last row in original units, as the page shows it: the
    median of the models' forecasts in scaled levels, unscaled, then held within the data's range (runaway.ts)."""
    times = forecast["time"][: forecast["steps"]]
    targets = data["targetIndex"]
#if ahead=horizon-only
    h = data["window"]["horizon"]
    print(f"the model predicts {h} steps at a time and some inputs are neither targets nor calendar columns: {h} steps forecast")
#endif
    # (steps, K) scaled levels, the median of the models' (one model: its own)
    ahead = median_across([forecast_scaled(m, scaled, data, times, device, dtype) for m in models])
    predicted = ahead * scale[targets] + offset[targets]
#if log
    predicted = np.exp(predicted)
#endif
#if seasonal
    rows = scaled.shape[0] + np.arange(ahead.shape[0])  # the season of each future row back
    predicted = seasonal_adjust(predicted, [data["seasonal"][j] for j in targets], 1, rows)
#endif
    held, first = hold_runaway(predicted, values[:, targets].astype(np.float64))
    if first is not None:
        print(f"from step {first + 1} the forecast ran beyond the data's range by more than the range itself; held at that bound")
    with open(out / "forecast.csv", "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["time", *(data["columns"][j] for j in targets)])
        for t, row in zip(times, held):
            writer.writerow([time_text(t), *(js_number(v) for v in row)])


def forecast_scaled(model, scaled, data, times, device, dtype):
    """(steps, K) scaled levels past the last row, formulation undone, as the page's forecastFromRow (prediction.ts):
    one call up to the horizon; past it, recursive while every input is a target or a calendar column."""
    T, h = data["window"]["inputLength"], data["window"]["horizon"]
    window = scaled[-T:, data["featureIndex"]]  # (T, F) the last T rows
    out = predict_levels(model, window, scaled[-1, data["targetIndex"]], data, device, dtype)  # (h, K)
#if ahead=direct
    return out[: len(times)]
#endif
#if ahead=horizon-only
    return out
#endif
#if ahead=recursive
    values, produced = np.zeros((len(times), out.shape[1]), np.float32), 0
    while True:
        take = min(h, len(times) - produced)
        values[produced : produced + take] = out[:take]
        produced += take
        if produced == len(times):
            return values
        # the window moves h rows on: the predictions (and the known inputs of their times) are its newest rows
        window = np.concatenate([window, next_rows(out, times[produced - h : produced], data)])[h:]
        out = predict_levels(model, window, out[h - 1], data, device, dtype)
#endif


def predict_levels(model, window, last, data, device, dtype):
    """(h, K) scaled levels the model predicts after a window (T, F) of scaled levels whose targets end at `last`."""
    x = window.copy()
#if formulation=change
    anchored = np.array([c < data["seriesColumns"] for c in data["featureIndex"]])
    x[:, anchored] -= x[-1:, anchored]
#endif
    model.eval()
    with torch.no_grad():
        out = model(torch.tensor(x[None], dtype=dtype, device=device)).cpu().numpy().astype(np.float32)
    out = out.reshape(data["window"]["horizon"], -1)
#if formulation=change
    out += last
#endif
    return out
#if known=targets


def next_rows(out, times, data):
    """(h, F) the window's next rows: the predictions (every input is a target)."""
    return out[:, [data["targetIndex"].index(c) for c in data["featureIndex"]]]
#endif
#if known=calendar


def next_rows(out, times, data):
    """(h, F) the window's next rows: the predicted targets, and the calendar inputs computed for their times."""
    rows = np.zeros((out.shape[0], len(data["featureIndex"])), np.float32)
    for f, c in enumerate(data["featureIndex"]):
        if c in data["targetIndex"]:
            rows[:, f] = out[:, data["targetIndex"].index(c)]
        else:
            rows[:, f] = [calendar_value(data["columns"][c], t) for t in times]
    return rows


def calendar_value(name, ms):
    """A calendar input ("day of week (sin)", ...) at time ms, read as UTC, as the page computes it (calendar.ts)."""
    d = EPOCH + timedelta(milliseconds=ms)
    cycle, part = name[:-6], name[-4:-1]
    if cycle == "hour of day":
        phase = (d.hour + d.minute / 60) / 24
    elif cycle == "day of week":
        phase = (d.weekday() + 1) % 7 / 7  # Sunday first, as JavaScript's getUTCDay
    elif cycle == "day of year":
        phase = (ms - (datetime(d.year, 1, 1, tzinfo=timezone.utc) - EPOCH) // timedelta(milliseconds=1)) / 86400000 / 365.25
    else:  # month of year
        phase = (d.month - 1) / 12
    angle = 2 * math.pi * phase
    return math.sin(angle) if part == "sin" else math.cos(angle)
#endif


def hold_runaway(forecast, history):
    """The page's runaway hold (runaway.ts): (steps, K) forecast kept within each target's range (history (N, K))
    widened by the range itself on both sides, and the first step that left it (None when none did)."""
    held, first = forecast.copy(), None
    for k in range(held.shape[1]):
        seen = history[np.isfinite(history[:, k]), k]
        if seen.size == 0:
            continue
        width = seen.max() - seen.min()
        low, high = seen.min() - width, seen.max() + width
        outside = np.flatnonzero((held[:, k] < low) | (held[:, k] > high))
        if outside.size:
            first = int(outside[0]) if first is None else min(first, int(outside[0]))
        held[:, k] = np.clip(held[:, k], low, high)
    return held, first


def time_text(t):
    """A forecast time as the page's predictions CSV writes it."""
#if times=iso
    return (EPOCH + timedelta(milliseconds=t)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
#endif
#if times=number
    return js_number(t)
#endif


def js_number(v):
    """v as JavaScript's String(v) writes it (the page's CSVs): the shortest digits that read back the same."""
    if not math.isfinite(v):
        return ""
    if v == 0:
        return "0"
    if 1e-6 <= abs(v) < 1e21:
        return np.format_float_positional(v, unique=True, trim="-")
    return np.format_float_scientific(v, unique=True, trim="-", exp_digits=1)
#endif


if __name__ == "__main__":
    main()
