"""The Python worker process of a parallel step.

Started by the parent as ``python3 -u python_worker.py <entry script> [arguments...]`` with a socket
on fd 3 carrying one JSON message per line (see ``worker-protocol.ts``). It imports the entry
script, calls its ``init()`` once, then ``run(mini_batch)`` -- or ``run(mini_batch, context)`` when
run takes two parameters -- for each mini-batch the parent sends. For a table it reads and parses
its byte range of the file itself: a list of dicts (CSV/TSV values as strings), or a pandas
DataFrame when pandas can be imported. stdout and stderr belong to the entry script.
"""

import csv
import importlib.util
import inspect
import io
import json
import logging
import math
import os
import sys
import traceback
import types

CHANNEL_FD = 3
MAX_TRACEBACK_FRAMES = 8


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: python_worker.py <entry script> [arguments...] (fd 3: the channel)\n")
        sys.exit(2)
    entry_script = os.path.abspath(sys.argv[1])
    program_arguments = sys.argv[2:]
    # The script sees its own argv and imports its sibling modules, as if run directly.
    sys.argv = [entry_script] + program_arguments
    sys.path[0] = os.path.dirname(entry_script)
    logging.basicConfig(level=os.environ.get("MILLRACE_LOGGING_LEVEL", "INFO"))

    reader = os.fdopen(os.dup(CHANNEL_FD), "rb")
    writer = os.fdopen(os.dup(CHANNEL_FD), "wb")
    os.close(CHANNEL_FD)
    # Subprocesses of the script must not hold the channel open after this worker exits.
    os.set_inheritable(reader.fileno(), False)
    os.set_inheritable(writer.fileno(), False)

    def send(message):
        writer.write(json.dumps(message, allow_nan=False).encode("utf-8") + b"\n")
        writer.flush()

    try:
        module = load_module(entry_script)
        run = getattr(module, "run", None)
        if not callable(run):
            raise TypeError(entry_script + " defines no run() function")
        init = getattr(module, "init", None)
        if callable(init):
            init()
    except BaseException as error:  # noqa: BLE001 - any failure of the script is init-failed
        send({"kind": "init-failed", "message": describe_error(error)})
        sys.exit(1)
    send({"kind": "ready", "pid": os.getpid()})

    pass_context = accepts_two_arguments(run)
    for line in reader:
        message = parse_run_message(line)
        send(run_mini_batch(run, pass_context, message, program_arguments))
    # The parent closed the channel: the step is over for this worker.
    sys.exit(0)


def load_module(path):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError("cannot load " + path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def accepts_two_arguments(function):
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in parameters)


def parse_run_message(line):
    """The parent's run message; anything else ends the worker (the parent sees it exit)."""
    try:
        message = json.loads(line)
    except ValueError:
        message = None
    valid = (
        isinstance(message, dict)
        and message.get("kind") == "run"
        and isinstance(message.get("miniBatch"), dict)
        and message["miniBatch"].get("kind") in ("files", "table")
        and isinstance(message.get("attempt"), int)
        and isinstance(message.get("workerIndex"), int)
        and isinstance(message.get("sendResults"), bool)
    )
    if not valid:
        sys.stderr.write("python_worker: invalid message from the parent: %r\n" % line[:200])
        sys.exit(70)
    return message


def run_mini_batch(run, pass_context, message, program_arguments):
    mini_batch = message["miniBatch"]
    index = mini_batch["index"]
    attempt = message["attempt"]
    context = types.SimpleNamespace(
        mini_batch_index=index,
        attempt=attempt,
        worker_index=message["workerIndex"],
        program_arguments=list(program_arguments),
    )
    try:
        if mini_batch["kind"] == "files":
            items = list(mini_batch["paths"])
        else:
            items = read_rows(mini_batch)
        results = run(items, context) if pass_context else run(items)
        results = as_result_list(results)
        reply = {
            "kind": "run-succeeded",
            "miniBatchIndex": index,
            "attempt": attempt,
            "resultCount": len(results),
            "results": [jsonable(result) for result in results] if message["sendResults"] else None,
        }
        json.dumps(reply, allow_nan=False)  # results JSON cannot carry fail this try only
        return reply
    except Exception as error:  # noqa: BLE001 - any failure of run() is a failed try
        return {
            "kind": "run-failed",
            "miniBatchIndex": index,
            "attempt": attempt,
            "message": describe_error(error),
        }


def as_result_list(results):
    if isinstance(results, (list, tuple)):
        return list(results)
    if hasattr(results, "values") and hasattr(results, "columns"):  # a pandas DataFrame
        return results.values.tolist()
    raise TypeError("run() must return a list of results, not " + type(results).__name__)


def jsonable(value):
    """Makes a result JSON-safe: tuples become lists, non-finite floats and other objects text."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if hasattr(value, "item"):  # numpy scalars
        return jsonable(value.item())
    return str(value)


def read_rows(mini_batch):
    with open(mini_batch["file"], "rb") as file:
        file.seek(mini_batch["start"])
        data = file.read(mini_batch["end"] - mini_batch["start"])
    if len(data) != mini_batch["end"] - mini_batch["start"]:
        raise IOError(mini_batch["file"] + " is shorter than when it was partitioned")
    text = data.decode("utf-8")
    table_format = mini_batch["format"]
    if table_format == "jsonl":
        rows = [json.loads(line) for line in text.split("\n") if line not in ("", "\r")]
    else:
        rows = delimited_rows(text, table_format, mini_batch["columns"] or [])
    if len(rows) != mini_batch["rowCount"]:
        raise ValueError(
            "the mini-batch parsed into %d rows where the partitioner counted %d; a quote inside "
            "an unquoted CSV field (not allowed by RFC 4180) is the usual cause"
            % (len(rows), mini_batch["rowCount"])
        )
    return as_data_frame(rows, mini_batch["columns"])


def delimited_rows(text, table_format, columns):
    if table_format == "tsv":
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=",")
    rows = []
    for fields in reader:
        if not fields:
            continue  # an empty line is not a row
        fields = fields + [""] * (len(columns) - len(fields))
        rows.append(dict(zip(columns, fields)))
    return rows


_pandas = None


def as_data_frame(rows, columns):
    """A DataFrame as Azure's ParallelRunStep gives, when pandas is installed; else the list."""
    global _pandas
    if _pandas is None:
        try:
            import pandas  # noqa: PLC0415 - optional, and slow to import

            _pandas = pandas
        except ImportError:
            _pandas = False
    if _pandas is False:
        return rows
    return _pandas.DataFrame(rows, columns=columns) if columns else _pandas.DataFrame(rows)


def describe_error(error):
    frames = traceback.extract_tb(error.__traceback__)
    own = os.path.abspath(__file__)
    frames = [frame for frame in frames if os.path.abspath(frame.filename) != own]
    lines = traceback.format_list(frames[-MAX_TRACEBACK_FRAMES:])
    head = "".join(traceback.format_exception_only(type(error), error)).strip()
    return head + ("\n" + "".join(lines).rstrip() if lines else "")


if __name__ == "__main__":
    main()
