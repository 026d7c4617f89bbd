"""Hall: a service hall (服务大厅) management system."""

__version__ = "0.1.0"
