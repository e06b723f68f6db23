"""``kb serve``: the web site under gunicorn, a production WSGI server (never Flask's debug server)."""
from __future__ import annotations

import argparse

from kb import settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the web site with gunicorn",
                       description="Serve the search site with gunicorn: sync workers, or threaded "
                                   "workers with --threads above 1. Never Flask's debug server.")
    p.add_argument("--host", default=settings.get("HOST"), help="address (default $KB_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, default=settings.get("PORT"), help="port (default $KB_PORT or 5000)")
    p.add_argument("--workers", type=int, default=settings.get("WORKERS"),
                   help="worker processes (default $KB_WORKERS or 2)")
    p.add_argument("--threads", type=int, default=settings.get("THREADS"),
                   help="threads per worker (default $KB_THREADS or 1; above 1 uses gthread workers)")
    p.add_argument("--index-dir", help="index location (default: $KB_INDEX_DIR or instance/index)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from gunicorn.app.base import BaseApplication

    from kb.memory import check_serving
    from web import create_app

    # before any worker starts: a configuration expected to pass the memory budget is refused
    check_serving(args.workers, settings.get("POSTINGS_CACHE_MB"), settings.get("SERVE_MEMORY_MB"))

    config = {"INDEX_DIR": args.index_dir} if args.index_dir else None
    app = create_app(config)

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            if args.threads > 1:
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("threads", args.threads)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 60)
            # gunicorn caps a request line at 4 KB and answers longer ones with its own English
            # page; lift the cap so the app itself answers an over-long query with a Vietnamese 400.
            self.cfg.set("limit_request_line", 0)

        def load(self):
            return app

    print(f"Đang phục vụ tại http://{args.host}:{args.port}")
    Server().run()
    return 0
