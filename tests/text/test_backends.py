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


def test_spacy_cli_stays_out_until_asked_for() -> None:
    """spaCy's command line (0.5 s of imports) is not loaded for parsing, yet works when needed."""
    import subprocess
    import sys

    code = (
        "import sys; from interlang.text import parse; parse('Ein kurzer Satz.', 'de'); "
        "assert 'spacy.cli' not in sys.modules, 'spacy.cli was imported'; "
        "import spacy; assert isinstance(spacy.info(), dict); "
        "import spacy.cli; assert callable(spacy.cli.train_cli)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
