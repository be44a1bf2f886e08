#!/usr/bin/python3
"""Writes the TorchScript module the PyTorch peer (profile `peers`, dev.vconv.bench.peers.PyTorchContender) uses for
transposed convolution: DJL's own Deconvolution throws UnsupportedOperationException on the PyTorch engine.

forward(x, w, b, stride, padding, output_padding, groups, dilation) calls torch.nn.functional.conv_transpose{1,2,3}d
(aten::conv_transpose{1,2,3}d) by the rank of x; an empty b means no bias. It has no parameters, so the file is small.

Run with Debian's python3-torch (apt-get install python3-torch), not a pyenv python:
    /usr/bin/python3 tools/peers/make_conv_transpose_ts.py [output.pt]
The default output is the profile resource bench/src/pytorch/resources/dev/vconv/bench/peers/conv_transpose.pt.
"""
import os
import sys
from typing import List, Optional

import torch
import torch.nn.functional as F


class ConvTranspose(torch.nn.Module):
    def forward(self, x: torch.Tensor, w: torch.Tensor, b: torch.Tensor, stride: List[int], padding: List[int],
                output_padding: List[int], groups: int, dilation: List[int]) -> torch.Tensor:
        bias: Optional[torch.Tensor] = None
        if b.numel() > 0:
            bias = b
        if x.dim() == 3:
            return F.conv_transpose1d(x, w, bias, stride, padding, output_padding, groups, dilation)
        if x.dim() == 4:
            return F.conv_transpose2d(x, w, bias, stride, padding, output_padding, groups, dilation)
        return F.conv_transpose3d(x, w, bias, stride, padding, output_padding, groups, dilation)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "bench", "src", "pytorch", "resources", "dev", "vconv", "bench", "peers",
                           "conv_transpose.pt")
    out = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else default)
    m = torch.jit.script(ConvTranspose().eval())
    # check against eager on one case of each rank
    for rank in (1, 2, 3):
        x = torch.randn([1, 4] + [5] * rank)
        w = torch.randn([4, 3] + [3] * rank)
        want = [F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d][rank - 1](
            x, w, None, [2] * rank, [1] * rank, [1] * rank, 1, [1] * rank)
        got = m(x, w, torch.empty(0), [2] * rank, [1] * rank, [1] * rank, 1, [1] * rank)
        assert torch.equal(want, got), rank
    torch.jit.save(m, out)
    print("torch", torch.__version__, "wrote", out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
