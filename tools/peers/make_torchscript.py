#!/usr/bin/python3
"""Writes the TorchScript modules the PyTorch peer (profile `peers`, dev.vconv.bench.peers.PyTorchContender) uses
where DJL has no op:

- conv_transpose.pt: forward(x, w, b, stride, padding, output_padding, groups, dilation) calls
  torch.nn.functional.conv_transpose{1,2,3}d (aten::conv_transpose{1,2,3}d) by the rank of x. DJL's own
  Deconvolution throws UnsupportedOperationException on the PyTorch engine.
- conv_padded.pt: forward(x, w, b, stride, pad_before, pad_after, dilation, groups, mode) is what torch.nn.Conv{1,2,3}d
  does for padding_mode != 'zeros' (and what F.conv*d(padding='same') does for an odd total padding):
  F.conv*d(F.pad(x, pads, mode), w, b, stride, 0, dilation, groups). DJL's convolution takes symmetric zero padding
  only.

An empty b means no bias. The modules have no parameters, so the files are small.

Run with Debian's python3-torch (apt-get install python3-torch), not a pyenv python:
    /usr/bin/python3 tools/peers/make_torchscript.py [output-dir]
The default output directory is the profile resource folder bench/src/pytorch/resources/dev/vconv/bench/peers/.
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


class ConvPadded(torch.nn.Module):
    def forward(self, x: torch.Tensor, w: torch.Tensor, b: torch.Tensor, stride: List[int], pad_before: List[int],
                pad_after: List[int], dilation: List[int], groups: int, mode: str) -> torch.Tensor:
        bias: Optional[torch.Tensor] = None
        if b.numel() > 0:
            bias = b
        pads: List[int] = []
        for a in range(len(pad_before) - 1, -1, -1):  # F.pad: last axis first
            pads.append(pad_before[a])
            pads.append(pad_after[a])
        if mode == "zeros":
            x = F.pad(x, pads)
        else:
            x = F.pad(x, pads, mode=mode)
        zero: List[int] = [0] * len(pad_before)
        if x.dim() == 3:
            return F.conv1d(x, w, bias, stride, zero, dilation, groups)
        if x.dim() == 4:
            return F.conv2d(x, w, bias, stride, zero, dilation, groups)
        return F.conv3d(x, w, bias, stride, zero, dilation, groups)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "bench", "src", "pytorch", "resources", "dev", "vconv", "bench", "peers")
    out_dir = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else default)
    m = torch.jit.script(ConvTranspose().eval())
    # check against eager on one case of each rank
    for rank in (1, 2, 3):
        x = torch.randn([1, 4] + [5] * rank)
        w = torch.randn([4, 3] + [3] * rank)
        want = [F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d][rank - 1](
            x, w, None, [2] * rank, [1] * rank, [1] * rank, 1, [1] * rank)
        got = m(x, w, torch.empty(0), [2] * rank, [1] * rank, [1] * rank, 1, [1] * rank)
        assert torch.equal(want, got), rank
    out = os.path.join(out_dir, "conv_transpose.pt")
    torch.jit.save(m, out)
    print("torch", torch.__version__, "wrote", out, os.path.getsize(out), "bytes")

    p = torch.jit.script(ConvPadded().eval())
    for rank, mode in ((1, "reflect"), (2, "circular"), (3, "replicate")):
        conv = [torch.nn.Conv1d, torch.nn.Conv2d, torch.nn.Conv3d][rank - 1](4, 3, 3, padding=1, padding_mode=mode)
        x = torch.randn([1, 4] + [5] * rank)
        got = p(x, conv.weight.detach(), conv.bias.detach(), [1] * rank, [1] * rank, [1] * rank, [1] * rank, 1, mode)
        assert torch.allclose(conv(x).detach(), got), (rank, mode)
    x = torch.randn(1, 4, 7, 6)
    w = torch.randn(2, 4, 4, 3)
    want = F.conv2d(x, w, None, 1, "same", (2, 1), 1)  # total padding (6, 2): (3, 3), (1, 1)
    got = p(x, w, torch.empty(0), [1, 1], [3, 1], [3, 1], [2, 1], 1, "zeros")
    assert torch.allclose(want, got)
    w = torch.randn(2, 4, 4, 4)
    want = F.conv2d(x, w, None, 1, "same", 1, 1)  # total padding 3: (1, 2)
    got = p(x, w, torch.empty(0), [1, 1], [1, 1], [2, 2], [1, 1], 1, "zeros")
    assert torch.allclose(want, got)
    out = os.path.join(out_dir, "conv_padded.pt")
    torch.jit.save(p, out)
    print("torch", torch.__version__, "wrote", out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
