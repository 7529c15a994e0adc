"""The user guide's screenshots, taken by doing the guide's steps on the demo in Chromium.

    python docs/screenshots.py                  # a fresh demo of its own, then every step
    python docs/screenshots.py --base-url http://127.0.0.1:8000 --out /tmp/shots

Without ``--base-url`` the script makes a throwaway demo (SQLite in a temporary folder:
``migrate`` + ``load_demo``, about a minute), serves it on ``--port`` (8199) and stops it
afterwards, so it can be run again and again and never touches your own database. With
``--base-url`` it drives a demo already running: the steps *write* to it (demo-officer's
report of the quarter in progress is saved, sent, returned, sent again and approved), so
run it once per freshly loaded demo.

Each step is what a chapter of ``docs/huong-dan/`` tells its reader to do, by the words
the reader sees (button and link names); the images go to ``docs/huong-dan/img/`` at
desktop size (1280×800) and, for the pages officers use most, at phone size (390×844).
A missing page, button, link or message stops the run with the step's name and a
non-zero exit: the guide can no longer drift from the portal unnoticed
(``tests/e2e/test_guide_steps.py`` runs the same steps in the test suite). Every page
visited must also carry a "Hướng dẫn" link to a section that exists in the guide.

Needs Playwright (in requirements.txt) and Debian's Chromium (``CHROMIUM=/path`` for
another); never ``playwright install``.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "docs" / "huong-dan" / "img"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "kontum-demo-2016"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# demo-officer's unit since the 2025 reorganisations.
OFFICER_UNIT = "QS21"
ROMAN = ["I", "II", "III", "IV"]


def demo_quarters(today=None) -> tuple[tuple[str, str], tuple[str, str]]:
    """((code, label) of the quarter in progress, (code, label) of the last complete
    one) as ``load_demo`` makes them on the province's today, e.g.
    (("2026Q4", "Quý IV/2026"), ("2026Q3", "Quý III/2026"))."""
    today = today or datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    before = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return tuple((f"{y}Q{q}", f"Quý {ROMAN[q - 1]}/{y}") for y, q in [(year, quarter), before])


(OPEN, OPEN_LABEL), (LAST, LAST_LABEL) = demo_quarters()


# True once every chart of the page is drawn, or marked as not drawable (static/js/charts.js).
CHARTS_DRAWN = """() => Array.from(document.querySelectorAll(".chart[data-figure]")).every(
    (chart) => chart.classList.contains("chart-drawn") || chart.classList.contains("chart-missing"))"""


class StepFailed(Exception):
    pass


class Guide:
    """One browser, one context per account; ``shot`` saves what the reader sees."""

    def __init__(self, browser, base_url: str, out: Path, phone: bool):
        self.browser, self.base_url, self.out, self.phone = browser, base_url.rstrip("/"), out, phone
        self.help_links: set[str] = set()
        self.written: list[str] = []
        self.step = ""

    def as_user(self, username: str | None, viewport=DESKTOP):
        context = self.browser.new_context(base_url=self.base_url, viewport=viewport, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(20000)
        if username:
            page.goto("/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            with page.expect_navigation():
                page.locator("main").get_by_role("button", name="Đăng nhập").click()
            if "/accounts/login/" in page.url:
                raise StepFailed(f"{username} could not sign in")
        return page

    def shot(self, page, name: str, *, full=False, portal=True):
        """Save the page (its viewport, or all of it) as ``name``.png; note its help link
        (``portal=False``: a page of Django's admin, which has its own frame)."""
        # Loaded, its fonts ready and every chart drawn (charts.js marks each): waiting
        # for the network to be quiet cost half a second a picture and said less.
        page.wait_for_load_state("load")
        page.wait_for_function(CHARTS_DRAWN)
        page.evaluate("document.fonts.ready.then(() => true)")
        link = page.locator("a.help-link")
        if portal and link.count() != 1:
            raise StepFailed(f"{page.url}: no 'Hướng dẫn' link")
        if portal:
            self.help_links.add(link.get_attribute("href"))
        page.screenshot(path=self.out / f"{name}.png", full_page=full)
        self.written.append(f"{name}.png")

    def run(self, step: str, function) -> None:
        self.step = step
        print(f"· {step}", flush=True)
        try:
            function()
        except StepFailed:
            raise
        except Exception as exc:  # Playwright's timeouts and failed expectations
            raise StepFailed(f"step '{step}': {str(exc).splitlines()[0]}") from exc


def start(g: Guide):
    page = g.as_user(None)
    page.goto("/accounts/login/")
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    g.shot(page, "dang-nhap")
    page.context.close()


def officer_form(g: Guide):
    for viewport, suffix in [(DESKTOP, "")] + ([(PHONE, "-dien-thoai")] if g.phone else []):
        page = g.as_user("demo-officer", viewport)
        expect(page.get_by_role("heading", name="Báo cáo của tôi")).to_be_visible()
        g.shot(page, f"can-bo-bao-cao-cua-toi{suffix}")
        row = page.get_by_role("row").filter(has_text=OPEN_LABEL)
        row.get_by_role("link", name="Nhập số liệu").click()
        expect(page.get_by_text(f"lấy từ {LAST_LABEL}").first).to_be_visible()
        g.shot(page, f"can-bo-bieu-mau{suffix}")
        page.context.close()


def officer_save_and_send(g: Guide):
    page = g.as_user("demo-officer")
    page.goto(f"/submissions/{OFFICER_UNIT}/{OPEN}/")
    computers = page.locator("#id_v_computers_total")
    computers.fill(str(int(computers.input_value().replace(".", "")) + 2))
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    g.shot(page, "can-bo-luu-nhap")
    # The Excel template and its upload page.
    expect(page.get_by_role("link", name="Tải biểu mẫu Excel")).to_be_visible()
    page.get_by_role("link", name="Nhập từ Excel").click()
    expect(page.locator("input[type=file]")).to_be_visible()
    g.shot(page, "can-bo-nhap-excel")
    # The register of information systems of the quarter.
    page.goto(f"/submissions/{OFFICER_UNIT}/{OPEN}/")
    page.get_by_role("link", name="Hồ sơ hệ thống thông tin của quý này").click()
    g.shot(page, "can-bo-so-dang-ky")
    page.goto(f"/submissions/{OFFICER_UNIT}/{OPEN}/")
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.get_by_text(f"Đã nộp báo cáo {OPEN_LABEL}")).to_be_visible()
    g.shot(page, "can-bo-da-nop")
    page.context.close()


def reviewer_returns(g: Guide):
    for viewport, suffix in [(DESKTOP, "")] + ([(PHONE, "-dien-thoai")] if g.phone else []):
        page = g.as_user("demo-reviewer", viewport)
        expect(page.get_by_role("heading", name="Thẩm định báo cáo")).to_be_visible()
        g.shot(page, f"tham-dinh-danh-sach{suffix}")
        page.context.close()
    page = g.as_user("demo-reviewer")
    row = page.get_by_role("row").filter(has_text="Sở Khoa học và Công nghệ").filter(has_text=OPEN_LABEL)
    row.get_by_role("link", name="Thẩm định").click()
    box = page.locator("#review")
    reason = f"Số máy tính tăng 2 máy so với {LAST_LABEL}: đề nghị ghi rõ nguồn (mua mới hay điều chuyển)."
    box.get_by_label("Lý do trả lại").fill(reason)
    box.scroll_into_view_if_needed()
    g.shot(page, "tham-dinh-tra-lai")
    box.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_text("Đã trả lại báo cáo cho Sở Khoa học và Công nghệ.")).to_be_visible()
    page.context.close()


def officer_answers_return(g: Guide):
    page = g.as_user("demo-officer")
    expect(page.get_by_role("row").filter(has_text=OPEN_LABEL).filter(has_text="Bị trả lại")).to_be_visible()
    g.shot(page, "can-bo-bi-tra-lai")
    page.get_by_role("row").filter(has_text=OPEN_LABEL).get_by_role("link").first.click()
    expect(page.get_by_text("đề nghị ghi rõ nguồn").first).to_be_visible()
    # "Giải trình" opens the explanation box beside the figure.
    page.locator("details.comment").filter(has=page.locator("#id_c_computers_total")).locator("summary").click()
    page.locator("#id_c_computers_total").fill(f"Mua mới 2 máy theo kế hoạch chuyển đổi số năm {OPEN[:4]}.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.get_by_text(f"Đã nộp báo cáo {OPEN_LABEL}")).to_be_visible()
    page.get_by_role("link", name="Lịch sử thay đổi").click()
    g.shot(page, "can-bo-lich-su")
    page.context.close()


def reviewer_approves(g: Guide):
    page = g.as_user("demo-reviewer")
    page.goto(f"/submissions/{OFFICER_UNIT}/{OPEN}/#review")
    page.locator("#review").get_by_role("button", name="Duyệt").click()
    expect(page.get_by_text("Đã duyệt báo cáo của Sở Khoa học và Công nghệ.")).to_be_visible()
    g.shot(page, "tham-dinh-da-duyet")
    page.context.close()


def menu(page, link: str):
    """Open a page from the header's menu, as the guide says: "Báo cáo" → ``link``."""
    nav = page.locator("nav.main-nav")
    if not nav.get_by_role("link", name=link, exact=True).is_visible():
        nav.get_by_text("Báo cáo", exact=True).click()  # the grouped menu opens
    nav.get_by_role("link", name=link, exact=True).click()


def committee(g: Guide):
    for viewport, suffix in [(DESKTOP, "")] + ([(PHONE, "-dien-thoai")] if g.phone else []):
        page = g.as_user("demo-committee", viewport)
        expect(page.get_by_text("Mặt yếu kém").first).to_be_visible()
        g.shot(page, f"bcd-toan-tinh{suffix}")
        page.context.close()
    page = g.as_user("demo-committee")
    menu(page, "Xã")
    g.shot(page, "bcd-xa")
    menu(page, "Bản đồ")
    expect(page.get_by_role("heading", name="Chú giải")).to_be_visible()
    g.shot(page, "bcd-ban-do")
    menu(page, "Xếp hạng")
    g.shot(page, "bcd-xep-hang")
    menu(page, "Tiến độ nộp")
    expect(page.get_by_text("Đơn vị chưa nộp").first).to_be_visible()
    g.shot(page, "bcd-tien-do")
    menu(page, "Báo cáo phiên họp")
    expect(page.get_by_role("button", name="Tải báo cáo PDF")).to_be_visible()
    g.shot(page, "bcd-phien-hop")
    # The quarter in progress on the completeness page, then one unit's page.
    page.goto("/reports/completeness/")
    page.get_by_label("Kỳ báo cáo").select_option(label=OPEN_LABEL)
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", name=f"Tiến độ nộp báo cáo – {OPEN_LABEL}")).to_be_visible()
    g.shot(page, "bcd-tien-do-quy-dang-mo")
    page.goto("/")
    page.locator("main").get_by_role("link", name="Sở KH&CN").first.click()
    g.shot(page, "bcd-don-vi")
    page.context.close()


def admin(g: Guide):
    page = g.as_user("demo-admin")
    page.goto("/periods/")
    expect(page.get_by_role("button", name="Mở quý")).to_be_visible()
    g.shot(page, "qt-ky-bao-cao")
    page.get_by_role("row").filter(has_text=OPEN_LABEL).get_by_role("link", name="Sửa, khóa").click()
    expect(page.get_by_label("Hạn nộp")).to_be_visible()
    g.shot(page, "qt-sua-ky")
    page.goto("/imports/")
    expect(page.get_by_role("button", name="Tải lên")).to_be_visible()
    g.shot(page, "qt-nhap-xuat")
    page.goto("/reports/ranking/weights/")
    g.shot(page, "qt-trong-so")
    page.goto("/admin/units/membership/")
    expect(page.get_by_role("link", name="Thêm vào phân quyền")).to_be_visible()
    g.shot(page, "qt-phan-quyen", portal=False)
    page.context.close()


def admin_unlocks(g: Guide):
    """Someone types a wrong password until the portal locks them out; the administrator
    unlocks them in the admin (Axes → Access attempts), and they sign in again."""
    locked_user = "demo-district"
    page = g.as_user(None)
    for _ in range(5):
        page.goto("/accounts/login/")
        page.fill("#id_username", locked_user)
        page.fill("#id_password", "sai-mat-khau")
        page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    page.context.close()
    page = g.as_user("demo-admin")
    page.goto("/admin/axes/accessattempt/")
    row = page.get_by_role("row").filter(has_text=locked_user)
    expect(row).to_be_visible()
    row.locator("input[type=checkbox]").check()
    g.shot(page, "qt-mo-khoa", portal=False)
    page.locator("select[name=action]").select_option("delete_selected")
    page.locator("button[name=index]").click()
    page.locator("form input[type=submit]").first.click()  # the admin's "yes, I'm sure"
    expect(page.get_by_role("row").filter(has_text=locked_user)).to_have_count(0)
    page.context.close()
    g.as_user(locked_user).context.close()  # signs in again


def help_links_resolve(g: Guide):
    """Every "Hướng dẫn" link met on the way opens a guide page holding its section."""
    page = g.as_user(None)
    sections: dict[str, set[str]] = {}
    for href in g.help_links:
        path, _hash, anchor = href.partition("#")
        sections.setdefault(path, set()).add(anchor)
    for path, anchors in sorted(sections.items()):
        response = page.goto(path)  # each page once: a change of #section alone loads nothing
        if response is None or response.status != 200:
            raise StepFailed(f"help link {path} answers {response and response.status}")
        for anchor in sorted(anchors - {""}):
            if page.locator(f"[id='{anchor}']").count() != 1:
                raise StepFailed(f"help link {path}#{anchor}: no such section in the guide")
    page.context.close()


STEPS = [
    ("đăng nhập", start),
    ("cán bộ: báo cáo của tôi, biểu mẫu", officer_form),
    ("cán bộ: lưu nháp, Excel, sổ đăng ký, nộp", officer_save_and_send),
    ("thẩm định: danh sách, trả lại", reviewer_returns),
    ("cán bộ: sửa báo cáo bị trả lại, nộp lại", officer_answers_return),
    ("thẩm định: duyệt", reviewer_approves),
    ("Ban Chỉ đạo: các trang số liệu", committee),
    ("quản trị", admin),
    ("quản trị: mở khóa tài khoản", admin_unlocks),
    ("liên kết Hướng dẫn", help_links_resolve),
]


def run(base_url: str, out: Path = IMG, phone: bool = True, browser=None) -> list[str]:
    """Do every step of the guide on the demo at ``base_url``; return the images written.
    ``browser``: a Playwright browser already open (the test suite's), else one of its own."""
    out.mkdir(parents=True, exist_ok=True)
    if browser is not None:
        guide = Guide(browser, base_url, out, phone)
        for step, function in STEPS:
            guide.run(step, lambda function=function: function(guide))
        return guide.written
    with sync_playwright() as playwright:
        # Vietnamese for the browser's own widgets too (date inputs show dd/mm/yyyy).
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--lang=vi"],
            env=os.environ | {"LANG": "vi_VN.UTF-8"},
        )
        try:
            return run(base_url, out, phone, browser)
        finally:
            browser.close()


def own_demo(port: int):
    """A throwaway demo: a temporary SQLite database, migrated and loaded, and a
    development server for it. Returns (server process, temporary folder)."""
    folder = Path(tempfile.mkdtemp(prefix="guide-demo-"))
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        "DEBUG": "true",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "CACHE_URL": "",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    print("· dữ liệu mẫu (migrate, load_demo)…", flush=True)
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return server, folder
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"the demo server stopped (port {port} taken?)") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the demo server did not answer within a minute")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="a demo already running (its data is changed by the steps)")
    parser.add_argument("--port", type=int, default=8199, help="port of the script's own demo (default 8199)")
    parser.add_argument("--out", type=Path, default=IMG, help=f"where the images go (default {IMG.relative_to(ROOT)})")
    parser.add_argument("--no-phone", action="store_true", help="desktop images only")
    args = parser.parse_args()
    server = folder = None
    if not args.base_url:
        server, folder = own_demo(args.port)
    try:
        written = run(args.base_url or f"http://127.0.0.1:{args.port}", args.out, phone=not args.no_phone)
    except StepFailed as failed:
        print(f"THẤT BẠI / FAILED: {failed}", file=sys.stderr)
        return 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
            shutil.rmtree(folder, ignore_errors=True)
    print(f"{len(written)} ảnh trong {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
