"""govflow as a service: the HTTP API (:mod:`govflow.server.app`), started by ``govflow serve``."""
