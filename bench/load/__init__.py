"""`make loadtest`: gunicorn against PostgreSQL, driven by locust over loopback; a database
outage in the middle of the load; the scale-out race test. See README "Running in production".
"""
