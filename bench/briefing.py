"""How long the meeting briefing PDF takes on the demo data (goal: cold < 10 s,
repeated < 3 s).

    python bench/briefing.py                 # 3 cold runs, 5 warm runs, Quý III/2016
    python bench/briefing.py --cold 5 --warm 10 --period 2017Q3

*Cold* is what an admin waits for after a deploy or in a scheduled job: a new process
runs ``manage.py briefing`` (Python and Django start, imports, Chromium starts, charts,
layout, PDF written), timed from outside. *Warm* is a briefing asked for again in one
process (the portal's workers), Chromium already open; see ``warm_runs`` for its
three variants.

The demo data goes into a throw-away SQLite file (``--database`` to reuse one).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_env(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DEBUG="true", DATABASE_URL=f"sqlite:///{database}", LOG_LEVEL="WARNING")
    return env


def prepare(database: Path) -> None:
    """Migrate and load the demo (both are no-ops on a database that has them)."""
    print(f"Cơ sở dữ liệu demo: {database}", flush=True)
    # The 2016 structure throughout, as when the earlier numbers were taken.
    for command in (["migrate", "-v0"], ["load_demo", "--before-merger"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=django_env(database), capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"manage.py {' '.join(command)} thất bại:\n{done.stderr}")


def cold_runs(database: Path, period: str, runs: int, folder: Path) -> list[float]:
    times = []
    for i in range(runs):
        target = folder / f"cold-{i}.pdf"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "briefing", "--period", period, "--output", str(target)],
            cwd=ROOT,
            env=django_env(database),
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
        print(f"  lạnh {i + 1}: {times[-1]:5.2f} s  ({target.stat().st_size // 1024} KB)", flush=True)
    return times


def warm_runs(database: Path, period: str, runs: int) -> tuple[dict[str, list[float]], int]:
    """Three timings per run, all with Chromium already open: the same document again
    (nothing changed: the finished PDF is reused), laid out again (as after a new
    session title or date: charts reused), and drawn again (as for another quarter or
    after new figures: no cache at all)."""
    os.environ.update(django_env(database))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontum_it.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from reports import selectors
    from reports.briefing import render

    found = selectors.period_for_code(period)
    if found is None:
        raise SystemExit(f"Không có kỳ báo cáo {period}")
    compare = selectors.previous_period(found)
    render.briefing_pdf(period=found, compare=compare)  # the process's first document: not counted
    times = {"same": [], "layout": [], "redraw": []}
    pages = 0
    for i in range(runs):
        for kind, clear in (
            ("same", ()),
            ("layout", (render.pdf_cache,)),  # cleared for every node (shared cache)
            ("redraw", (render.pdf_cache, render.svg_cache)),
        ):
            for cache in clear:
                cache.clear()
            started = time.perf_counter()
            briefing, _pdf = render.briefing_pdf(period=found, compare=compare)
            times[kind].append(time.perf_counter() - started)
            pages = briefing.pages
        print(
            f"  nóng {i + 1}: {times['same'][-1]:5.2f} s   dàn trang lại: {times['layout'][-1]:5.2f} s"
            f"   vẽ lại biểu đồ: {times['redraw'][-1]:5.2f} s",
            flush=True,
        )
    render.chart_server.close()
    return times, pages


def summary(label: str, times: list[float], goal: float) -> str:
    verdict = "đạt" if max(times) < goal else "KHÔNG ĐẠT"
    return (
        f"{label}: trung vị {statistics.median(times):.2f} s, nhanh nhất {min(times):.2f} s, "
        f"chậm nhất {max(times):.2f} s (mục tiêu < {goal:g} s: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--period", default="2016Q3")
    parser.add_argument("--cold", type=int, default=3, help="số lần chạy lạnh (mỗi lần một tiến trình mới)")
    parser.add_argument("--warm", type=int, default=5, help="số lần chạy nóng trong một tiến trình")
    parser.add_argument("--database", type=Path, help="tệp SQLite đã có dữ liệu demo (mặc định: tạo mới)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = args.database or folder / "bench.sqlite3"
        prepare(database)
        print(f"Báo cáo phiên họp {args.period}, {os.cpu_count()} nhân CPU")
        cold = cold_runs(database, args.period, args.cold, folder)
        warm, pages = warm_runs(database, args.period, args.warm)
        print(summary("Lạnh (tiến trình mới)", cold, 10))
        print(summary("Nóng, cùng báo cáo", warm["same"], 3))
        print(summary("Nóng, dàn trang lại", warm["layout"], 3))
        print(summary("Nóng, vẽ lại biểu đồ", warm["redraw"], 3))
        print(f"Số trang: {pages}")


if __name__ == "__main__":
    main()
