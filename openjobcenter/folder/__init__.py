"""The digital application folder: CV builder with PDF, certificates and cover letters, expiring share links whose every access is logged."""
