#!/usr/bin/env python3
"""torchrun, also for the PyTorch 1.13 that Debian packages for Python 3.11 (python3-torch).

There `torchrun --nproc_per_node 2 train.py` stops with "'NoneType' object has no attribute 'get'":
`Std.from_str` (torch/distributed/elastic/multiprocessing/api.py) looks values up by iterating an IntFlag, which
on Python 3.11 skips NONE (0) and ALL (3). This reads the value with `Std(int(v))` instead and then runs torch's
own launcher, unchanged, with the same arguments:

    python3 torchrun_compat.py --nproc_per_node 2 train.py     # is: torchrun --nproc_per_node 2 train.py

With a torch whose torchrun works, it only runs torchrun.
"""
import sys

from torch.distributed.elastic.multiprocessing import api
from torch.distributed.run import main

if api.Std.from_str("0") is None:

    def from_str(cls, vm):
        if ":" in vm:
            return {int(i): cls(int(v)) for i, v in (m.split(":") for m in vm.split(","))}
        return cls(int(vm))

    api.Std.from_str = classmethod(from_str)

if __name__ == "__main__":
    sys.argv[0] = "torchrun"
    main()
