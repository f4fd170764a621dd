"""Log runs trained anywhere to a Backprop Workbench store, from your own training loop.

    import backprop_workbench

    with backprop_workbench.start_run(name="mlp", config={"lr": 0.1}, tags=["baseline"]) as run:
        for epoch in range(1, 4):
            for step in steps:
                run.log({"loss": loss, "acc": acc}, step=step, epoch=epoch)

Standard library only. See README.md for how a call reaches the store (the owner's API, or a
spool file beside the store that the next owner imports) and why nothing is lost.
"""

from ._client import (
    BackpropError,
    Run,
    default_db_path,
    resolve_db_path,
    start_run,
)

__all__ = ["BackpropError", "Run", "default_db_path", "resolve_db_path", "start_run"]
__version__ = "0.1.0"
