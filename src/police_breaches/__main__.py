"""``python -m police_breaches COMMAND``: every command line the project has, each in the module that does it.

    build [STEP ...]          bring the report up to date (``make report``)          pipeline/build.py
    run NOTEBOOK -p NAME VAL  one notebook with other parameters, in runs/           pipeline/run.py
    run compare RUN_A RUN_B   what changed between two runs                          pipeline/run.py
    check                     the raw data and the build record, building nothing    pipeline/check.py
    params                    every params/*.yml checked, the resolved values        pipeline/params.py
    manifest ...              add, rehash or verify raw files (``manifest -h``)      sources/manifest_edit.py
    foi plan|status           the FOI campaign's requests and deadlines              publish/foi.py
"""

import importlib
import os
import sys

COMMANDS = {"build": "pipeline.build", "run": "pipeline.run", "check": "pipeline.check",
            "params": "pipeline.params", "manifest": "sources.manifest_edit", "foi": "publish.foi"}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        asked = argv[:1] in ([], ["-h"], ["--help"])
        print(("" if asked else f"error: no command {argv[0]!r}\n\n") + __doc__.replace("``", "`"),
              file=sys.stdout if asked else sys.stderr)
        return 0 if asked else 2
    return importlib.import_module(f"police_breaches.{COMMANDS[argv[0]]}").main(argv[1:])


def quietly(argv: list[str]) -> int:
    """``main``, where a reader who stops reading (``| head``) ends the command without a traceback: what was left
    to print goes nowhere (Python's documented way: point stdout at devnull before the interpreter flushes it)."""
    try:
        code = main(argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(quietly(sys.argv[1:]))
