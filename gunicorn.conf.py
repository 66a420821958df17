"""gunicorn settings for `make serve`: workers from the CPU count (WEB_CONCURRENCY overrides),
listening where BIND says (nginx in front: 127.0.0.1:8000). The app logs a line per request
itself, so gunicorn's access log stays off; errors go to stderr."""
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
timeout = 60
graceful_timeout = 30
accesslog = None
# The app is created once in the master: a refused start (no SECRET_KEY) stops gunicorn with its
# message instead of workers failing one after another; workers share the loaded code.
preload_app = True
errorlog = "-"
