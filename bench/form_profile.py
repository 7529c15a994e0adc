"""CPU cost of the data entry form, GET and POST (save a draft), as a worker pays it.

    DATABASE_URL=postgres://…/kontum_demo python bench/form_profile.py          # ms per request
    DATABASE_URL=… python bench/form_profile.py --profile get|post               # pyinstrument tree

Runs in this process with production settings (DEBUG off), signed in as the demo
officer of S11 on the quarter in progress (``python manage.py load_demo --before-merger``
first: S11 closed on 28/02/2025 in the default demo; or ``--unit QS21``). Prints
the median process CPU time of each request over ``--runs`` repetitions after a warm-up,
so the figure is what one gunicorn worker spends, without network or queueing (the test
client's own work, ~0.5 ms, is included). The POST is URL-encoded, as a browser sends
the form, and changes one value back and forth; the report stays a draft. Set
``CACHE_URL=redis://…`` to read the catalogue's version from Redis as production does.

On the demo (PostgreSQL, Redis), before and after the capacity work of issue 10:
GET 24 → 12.6 ms, POST 23 (multipart) → 13–14 ms on a quiet machine; at load 5–7,
alternating runs, GET 21–30 → 15–18 ms and POST 24–28 → 15–19 ms. bench/form_capacity.py
gives the cost through gunicorn.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode


def main() -> int:
    sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent.parent / "deploy")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontum_it.test_settings")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="demo-officer")
    parser.add_argument("--unit", default="S11")
    parser.add_argument("--period", help="quarter code (default: the demo's quarter in progress)")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--profile", choices=["get", "post"], help="print pyinstrument's call tree of one")
    args = parser.parse_args()

    import django
    from portal_client import report_form_fields

    django.setup()
    from django.utils import timezone

    from indicators.demo import demo_quarters

    args.period = args.period or demo_quarters(timezone.localdate())[1]
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        raise SystemExit(f"no user {args.user!r}: load the demo first (python manage.py load_demo --before-merger)")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = f"/submissions/{args.unit}/{args.period}/"
    state = {"n": 0}

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    def send(data):
        # URL-encoded, as a browser sends a form (the test client's default, multipart,
        # costs both sides ~1.5 ms more).
        return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")

    def post():
        data = next_save()
        started = time.process_time()
        response = send(data)
        spent = time.process_time() - started
        assert response.status_code == 302, response.status_code
        return spent

    def next_save():
        data = report_form_fields(get().content.decode())  # the current form: version and values
        state["n"] += 1
        data.update(action="save", v_computers_total=str(30 + state["n"] % 2))
        return data

    def cpu_get():
        started = time.process_time()
        get()
        return time.process_time() - started

    for _ in range(5):
        cpu_get(), post()
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        for _ in range(10):
            if args.profile == "get":
                with profiler:
                    get()
            else:
                data = next_save()
                with profiler:
                    send(data)
        print(profiler.output_text(unicode=True, color=False, show_all=bool(os.getenv("PROFILE_ALL"))))
        return 0
    gets = [cpu_get() for _ in range(args.runs)]
    posts = [post() for _ in range(args.runs)]
    for name, spent in (("GET ", gets), ("POST", posts)):
        p90 = sorted(spent)[int(0.9 * len(spent))]
        print(f"form {name} CPU median {statistics.median(spent) * 1000:.1f} ms (p90 {p90 * 1000:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
