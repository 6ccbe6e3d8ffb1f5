"""A papermill engine that runs a notebook's cells in the process it is called in.

papermill still does what it is for: it injects the parameters, tracks each cell's state and keeps the
executed notebook as the record of the run. Only the kernel is replaced: instead of starting a Jupyter
kernel per notebook (a new process importing pandas and matplotlib again, 3-4 s each), the build forks
a new process for each step from a parent that has imported everything once, and this engine runs the
notebook's cells in it (papermill's maintainers point to a custom engine for reusing a process: papermill
issues #326, #583, #616). The process ends with the notebook, so nothing a notebook changes (a module's
global, a cache, pandas options, rcParams, a thread, the environment) can reach another notebook.

The process is made to look like a kernel's to what asks: pandas decides its display options by asking
whether it runs in a terminal (a kernel's shell has a ``kernel`` and a type whose name says ``zmq``), so it
shows 20 columns and ignores the terminal's width (``COLUMNS``); cells are compiled under the name ipykernel
gives them (``IPYKERNEL_CELL_NAME``, which execute.py sets for both, so a warning names the same file).

Outputs are recorded as a kernel reports them and nbclient keeps them: display data, execute results,
errors, and streams, each stream's text merged into one output per cell as ``coalesce_streams`` does
(:func:`coalesce`), including what C code or a subprocess writes to file descriptors 1 and 2. A kernel
sends stream text on a timer, so only merged streams are the same bytes run after run; ``make isolated``
runs every step in a real kernel with nbclient's ``coalesce_streams``, and a test checks the two give
byte-identical products.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import re
import sys
import tempfile

from ipykernel.compiler import XCachingCompiler
from ipykernel.jsonutil import encode_images, json_clean
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from nbformat import NotebookNode
from papermill.engines import Engine, papermill_engines
from traitlets.config import Config

NAME = "police-breaches-inprocess"

# What an IPython kernel reports about itself; nbclient stores it in every executed notebook.
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": sys.version.split()[0],
}


def new_output(output_type: str, **fields) -> NotebookNode:
    """nbformat's ``new_output`` without its check against the schema (a millisecond each; these are valid)."""
    output = NotebookNode(output_type=output_type)
    output.update(fields)
    return output


class _Capture:
    """The outputs of the cell being run, in the order a kernel would send them."""

    def __init__(self):
        self.outputs: list = []

    def add(self, output) -> None:
        self.outputs.append(output)

    def stream(self, name: str, text: str) -> None:
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self.outputs.append(new_output("stream", name=name, text=text))


class _Descriptors:
    """Files standing in for file descriptors 1 and 2 while a cell runs: what C code or a subprocess writes
    there joins the cell's stdout and stderr, in the order it was written relative to Python's writes."""

    NAMES = {1: "stdout", 2: "stderr"}

    def __init__(self, capture: _Capture):
        self.capture, self.files, self.saved = capture, {}, {}

    def __enter__(self):
        for fd in self.NAMES:
            self.saved[fd] = os.dup(fd)
            self.files[fd] = tempfile.TemporaryFile()
            os.dup2(self.files[fd].fileno(), fd)
        return self

    def drain(self) -> None:
        _LIBC.fflush(None)  # what C code printed but its stdio library still holds
        for fd, file in self.files.items():
            file.seek(0)
            text = file.read().decode("utf-8", errors="replace")
            if text:
                file.seek(0)
                file.truncate()
                self.capture.stream(self.NAMES[fd], text)

    def __exit__(self, *exc):
        self.drain()
        for fd, saved in self.saved.items():
            os.dup2(saved, fd)
            os.close(saved)
            self.files[fd].close()


_LIBC = ctypes.CDLL(None)


class _Stream:
    """Stands in for sys.stdout / sys.stderr while a cell runs."""

    def __init__(self, capture: _Capture, name: str, descriptors: _Descriptors):
        self.capture, self.name, self.descriptors = capture, name, descriptors
        self.encoding = "utf-8"

    def write(self, text: str) -> int:
        if text:
            self.descriptors.drain()
            self.capture.stream(self.name, text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class _DisplayPublisher(DisplayPublisher):
    capture: _Capture | None = None

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
        if update or self.capture is None:
            return  # update_display_data changes an earlier output in place; these notebooks never use it
        content = json_clean({"data": encode_images(data), "metadata": metadata or {}})
        self.capture.add(new_output("display_data", data=content["data"], metadata=content["metadata"]))

    def clear_output(self, wait=False):
        if self.capture is not None:
            self.capture.outputs.clear()


class _DisplayHook(DisplayHook):
    """The value of a cell's last expression becomes an execute_result, as in a kernel."""

    capture: _Capture | None = None

    def start_displayhook(self):
        self.result = {"data": {}, "metadata": {}, "execution_count": None}

    def write_output_prompt(self):
        self.result["execution_count"] = self.prompt_count

    def write_format_data(self, format_dict, md_dict=None):
        self.result["data"] = json_clean(encode_images(format_dict))
        self.result["metadata"] = json_clean(md_dict or {})

    def finish_displayhook(self):
        if self.capture is not None:
            self.capture.add(new_output("execute_result", **self.result))

    def flush(self):
        """IPython's flush, without the full garbage collection it ends with (90 ms each time with pandas
        loaded, twice per notebook). A new kernel would not pay for it either."""
        collect = gc.collect
        gc.collect = lambda generation=2: 0
        try:
            super().flush()
        finally:
            gc.collect = collect


class _ZMQLikeShell(InteractiveShell):
    """A kernel's shell, as far as the code in a notebook can tell (pandas asks by its type's name)."""

    displayhook_class = _DisplayHook
    display_pub_class = _DisplayPublisher
    capture: _Capture | None = None
    kernel = None

    def _showtraceback(self, etype, evalue, stb):
        if self.capture is not None:
            self.capture.add(new_output("error", ename=str(etype.__name__), evalue=str(evalue), traceback=stb))

    def enable_matplotlib(self, gui=None):  # a notebook's %matplotlib is a kernel matter; charts use Agg
        return None


def shell_instance() -> _ZMQLikeShell:
    """The process's IPython shell: made once, by the build's parent before it forks a step's process."""
    if not _ZMQLikeShell.initialized():
        main = sys.modules.get("__main__")
        shell = _ZMQLikeShell.instance(config=Config({"HistoryManager": {"enabled": False}}), colors="nocolor",
                                       compiler_class=XCachingCompiler)
        if main is not None:
            sys.modules["__main__"] = main  # IPython installs its own __main__; the host process keeps its own
        return shell
    return _ZMQLikeShell.instance()


class InProcessEngine(Engine):
    """papermill engine: execute the cells in this process's IPython shell."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        shell = shell_instance()
        sys.modules["__main__"] = shell.user_module  # as in a kernel; this process ends with the notebook
        _pandas_as_in_a_kernel()
        for index, cell in enumerate(nb_man.nb.cells):
            nb_man.cell_start(cell, index)
            try:
                if cell.cell_type == "code" and cell.source.strip():
                    if not _run_cell(shell, cell):
                        nb_man.cell_exception(cell, cell_index=index)
                        break
            finally:
                nb_man.cell_complete(cell, cell_index=index)
        nb_man.nb.metadata["language_info"] = dict(LANGUAGE_INFO)


def _run_cell(shell: _ZMQLikeShell, cell) -> bool:
    capture = _Capture()
    shell.capture = shell.display_pub.capture = shell.displayhook.capture = capture
    try:
        with _Descriptors(capture) as descriptors, contextlib.redirect_stdout(_Stream(capture, "stdout", descriptors)), \
                contextlib.redirect_stderr(_Stream(capture, "stderr", descriptors)):
            result = shell.run_cell(cell.source, store_history=True)
    finally:
        shell.capture = shell.display_pub.capture = shell.displayhook.capture = None
    cell.outputs = coalesce(capture.outputs)
    cell.execution_count = result.execution_count
    return result.success


_CARRIAGE_RETURN = re.compile(r".*\r(?=[^\n])")


def coalesce(outputs: list) -> list:
    """A cell's outputs as nbclient's ``coalesce_streams`` leaves them: each stream's text in its first output
    (a line overwritten by a carriage return dropped; nbclient means to apply backspaces too, but its loop for
    them never runs), stdout moved before a stderr that directly precedes it."""
    merged, streams = [], {}
    for output in outputs:
        if output.output_type != "stream":
            merged.append(output)
        elif output.name in streams:
            streams[output.name].text += output.text
        else:
            streams[output.name] = output
            merged.append(output)
    for output in streams.values():
        output.text = _CARRIAGE_RETURN.sub("", output.text)
    for index, output in enumerate(merged):
        following = merged[index + 1] if index + 1 < len(merged) else None
        if (output.output_type == "stream" and output.name == "stderr" and following is not None
                and following.output_type == "stream" and following.name == "stdout"):
            merged[index], merged[index + 1] = following, output
    return merged


def _pandas_as_in_a_kernel() -> None:
    """pandas chose its display options when the build's process imported it, outside a kernel: as a kernel
    has them, 20 columns (not as many as the terminal holds), also after ``pd.reset_option``."""
    if "pandas" not in sys.modules:
        return
    import pandas
    from pandas._config import config

    option = config._registered_options["display.max_columns"]
    config._registered_options["display.max_columns"] = option._replace(defval=20)
    pandas.set_option("display.max_columns", 20)


papermill_engines.register(NAME, InProcessEngine)
