"""What the Python apps share: the app contract's output (one JSON object per line on stdout,
docs/apps.md) and the client settings file the harness gives them in librdkafka's words."""
import json
import signal
import sys


def emit(event):
    """One event of the app contract, flushed at once: the drill reads it as it happens."""
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def load_properties(path):
    """librdkafka's settings from MIRRORDRILL_LIBRDKAFKA_PROPERTIES (key=value lines)."""
    conf = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                conf[key.strip()] = value.strip()
    return conf


class Stopping:
    """SIGTERM (the drill's graceful stop) and SIGINT ask the app to stop; it then ends its own way
    (a consumer closes and commits, a producer flushes)."""

    def __init__(self):
        self.requested = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)

    def _stop(self, _signum, _frame):
        self.requested = True
