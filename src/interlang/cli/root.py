"""The ``interlang`` Typer app and its command groups; the command modules register on them."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="interlang",
    help="Learner-language toolkit: CEFR level, native language, text features.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
corpus_app = typer.Typer(help="Read corpora and describe them.", no_args_is_help=True)
lexicon_app = typer.Typer(help="Build and inspect the CEFR lexicons.", no_args_is_help=True)
train_app = typer.Typer(help="Train models from a corpus.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")
app.add_typer(lexicon_app, name="lexicon")
app.add_typer(train_app, name="train")
experiment_app = typer.Typer(help="Run a whole experiment with one command.", no_args_is_help=True)
app.add_typer(experiment_app, name="experiment")
users_app = typer.Typer(help="Workbench user accounts.", no_args_is_help=True)
app.add_typer(users_app, name="users")
