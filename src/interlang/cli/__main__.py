"""``python -m interlang.cli``: the same entry point as the ``interlang`` console script."""

from interlang.cli import main

main()
