"""Environment for the test run, loaded with `-p tests.testenv` before Django reads settings.

A key, plain-http cookies for the live server, static files served without the production
manifest, and async-unsafe calls allowed for the live server thread next to Playwright.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-7c1e0f9b4d2a86e35f0c9d1b2a3e4f5a6b7c8d9e")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("LBP_FAST_PASSWORD_HASHER", "1")
