"""Backend loading: spaCy without PyTorch."""

from __future__ import annotations

import pytest


def test_spacy_loads_without_torch_even_when_it_is_installed() -> None:
    """thinc would import torch (2 s, 200 MB) that the shipped pipelines never use."""
    import importlib.util
    import subprocess
    import sys

    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch is not installed: nothing to keep out")
    code = (
        "import sys; from interlang.text import parse; parse('Ein kurzer Satz.', 'de'); "
        "assert 'torch' not in sys.modules, 'spaCy pulled in torch'; "
        "import torch; assert torch.ones(2).sum().item() == 2.0"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
