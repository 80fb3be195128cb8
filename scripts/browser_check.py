"""Headless Chromium walk through Minzheng's pages and journeys.

Usage: browser_check.py BASE_URL SCREENSHOT_DIR SERVER_LOG

Each page must answer 2xx, have a <title> containing Chinese, and log no console error. Journeys (sequences of
form fills) are added by later features. Screenshots go to SCREENSHOT_DIR/<name>.png.
"""
import json
import re
import sys
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

BASE, SHOTS, SERVER_LOG = sys.argv[1], sys.argv[2], sys.argv[3]
CJK = re.compile(r"[\u4e00-\u9fff]")

PAGES = [
    ("home", "/"),
    ("deadline-form", "/tools/deadline"),
    ("deadline-result", "/tools/deadline?from=2025-09-26&days=5&unit=workday&calendar=xinjiang"),
    ("calendar-2025", "/calendar/2025?calendar=xinjiang"),
    ("calendar-2026", "/calendar/2026"),
    ("login", "/login"),
    ("register", "/register"),
    ("powers", "/powers"),
    ("power-item", "/powers/MZ-QR-001"),
    ("notices", "/notices"),
    ("appointments-public", "/appointments"),
    ("organizations-public", "/organizations"),
    ("checks-public", "/organizations/checks"),
    ("conclusions-2025", "/organizations/inspections/2025"),
    ("enforcement-public", "/enforcement"),
    ("decisions-public", "/enforcement/decisions"),
    ("rules-public", "/rules"),
    ("catalogue-2025", "/rules/catalogue/2025"),
]

ERROR_TITLES = ("无权访问", "页面不存在", "系统错误", "请求未能完成", "请先登录")

failures = []


def make_driver():
    options = Options()
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--window-size=1280,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def status_of(path):
    try:
        with urllib.request.urlopen(BASE + path, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def check_page(driver, name, path, expect_status=True):
    if expect_status:
        status = status_of(path)
        if not 200 <= status < 300:
            failures.append(f"{name}: {path} answered {status}")
    driver.get(BASE + path)
    title = driver.title
    if not CJK.search(title or ""):
        failures.append(f"{name}: {path} has no Chinese <title> ({title!r})")
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            failures.append(f"{name}: console error: {entry.get('message')}")
    if any(title.startswith(bad) for bad in ERROR_TITLES):
        failures.append(f"{name}: {path} shows an error page ({title})")
    driver.save_screenshot(f"{SHOTS}/{name}.png")
    print(f"ok  {name:24} {path}  《{title}》")


def demo_password():
    with open(SERVER_LOG, encoding="utf-8") as log:
        match = re.search(r"统一密码：([^，]+)，", log.read())
    if not match:
        failures.append("the server log holds no demo password")
        return ""
    return match.group(1)


def submit(driver, fields, button="button[type=submit].button"):
    """Fills and posts a form, then waits for the page the post leads to (so that what is read next is that page,
    not the one being left, nor a document mid-navigation that has no body yet)."""
    for field_id, value in fields.items():
        element = driver.find_element(By.ID, field_id)
        if element.get_attribute("type") == "checkbox":
            if not element.is_selected():
                element.click()
        else:
            element.clear()
            element.send_keys(value)
    driver.execute_script("window.minzhengLeaving = true;")
    driver.find_element(By.CSS_SELECTOR, button).click()
    WebDriverWait(driver, 10).until(arrived)


def arrived(driver):
    """Whether the page a form posted to has loaded: the marker `submit` set on the page it left is gone."""
    try:
        return driver.execute_script("return !window.minzhengLeaving && document.readyState === 'complete';")
    except WebDriverException:  # mid-navigation
        return False


def login(driver, username, password):
    driver.delete_all_cookies()
    driver.get(BASE + "/login")
    submit(driver, {"identifier": username, "password": password})
    WebDriverWait(driver, 10).until(lambda d: "/login" not in d.current_url)


def journey_register(driver):
    driver.delete_all_cookies()
    driver.get(BASE + "/register")
    # A wrong ID number first: the form must come back with the reason and keep the name.
    submit(driver, {"name": "吴测试", "idNumber": "659003199001011239", "mobile": "13700000009",
                    "password": "Browser-2025", "passwordConfirmation": "Browser-2025"})
    body = driver.find_element(By.TAG_NAME, "body").text
    if "校验码错误" not in body or driver.find_element(By.ID, "name").get_attribute("value") != "吴测试":
        failures.append("register: a bad ID number did not come back with its reason and the kept input")
    driver.save_screenshot(f"{SHOTS}/register-error.png")
    driver.get_log("browser")  # the 422 of the refused form is expected
    submit(driver, {"idNumber": "659003199001011238", "password": "Browser-2025", "passwordConfirmation": "Browser-2025",
                    "consent": True})
    try:
        WebDriverWait(driver, 10).until(expected_conditions.url_matches(r"/my$"))
    except Exception:
        pass
    if not driver.current_url.endswith("/my"):
        failures.append(f"register: ended at {driver.current_url}, not /my")
    check_page(driver, "my-home", "/my", expect_status=False)
    driver.find_element(By.CSS_SELECTOR, "form[action='/my/profile/reveal'] button").click()
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("/my/profile/reveal"))
    if "659003199001011238" not in driver.find_element(By.TAG_NAME, "body").text:
        failures.append("my: 查看完整信息 did not show the full ID number")
    driver.save_screenshot(f"{SHOTS}/my-revealed.png")


def is_gone(element):
    """True once the page holding `element` has been replaced."""
    try:
        element.is_enabled()
        return False
    except Exception:
        return True


def act(driver, transition, fields=None, button_text=None):
    """Fills and submits the form of one act on the matter page."""
    form = driver.find_element(By.CSS_SELECTOR, f"form[action$='/acts/{transition}']")
    for key, value in (fields or {}).items():
        element = form.find_element(By.ID, f"{transition}-{key}")
        if element.tag_name == "select":
            for option in element.find_elements(By.TAG_NAME, "option"):
                if option.text == value:
                    option.click()
        elif element.get_attribute("type") == "checkbox":
            if bool(value) != element.is_selected():
                element.click()
        elif element.get_attribute("type") == "date":
            driver.execute_script("arguments[0].value = arguments[1];", element, value)
        else:
            element.clear()
            element.send_keys(value)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: is_gone(form))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    body = driver.find_element(By.TAG_NAME, "body").text
    if "已完成，事前校验全部通过" not in body:
        driver.save_screenshot(f"{SHOTS}/failed-{transition}.png")
        raise RuntimeError(f"act {transition} was not confirmed: {body[:400]!r}")


def journey_minimum_living_allowance(driver, password):
    """The 低保 journey: register, apply, accept, investigate, notice on the portal, and a 师市 confirmation."""
    driver.delete_all_cookies()
    driver.get(BASE + "/register")
    submit(driver, {"name": "周低保", "idNumber": "659003198807070013", "mobile": "13700000021",
                    "password": "Journey-2025", "passwordConfirmation": "Journey-2025", "consent": True})
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("/my"))
    driver.get(BASE + "/my/apply/minimumLivingAllowance")
    select = driver.find_element(By.ID, "orgUnitID")
    for option in select.find_elements(By.TAG_NAME, "option"):
        if "红柳团镇一连" in option.text:
            option.click()
    submit(driver, {"f-address": "红柳团镇一连（示例）", "f-memberCount": "2", "f-members": "本人 周低保\n母 周某某",
                    "f-wageIncome": "400", "f-pledgeSigned": True, "f-authorizationSigned": True})
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("/my/matters/"))
    matter_path = driver.current_url.split(BASE, 1)[1]
    matter_id = matter_path.rsplit("/", 1)[1]
    check_page(driver, "dibao-applied", matter_path, expect_status=False)

    login(driver, "clerk", password)
    check_page(driver, "dibao-workbench-clerk", "/work", expect_status=False)
    driver.get(BASE + f"/work/matters/{matter_id}")
    act(driver, "accept")
    login(driver, "investigator", password)
    driver.get(BASE + f"/work/matters/{matter_id}")
    act(driver, "startInvestigation")
    login(driver, "town.reviewer", password)
    driver.get(BASE + f"/work/matters/{matter_id}")
    act(driver, "preliminaryOpinion", {"investigators": "钱调查、孙初审", "homeVisitDate": "2026-01-01",
                                       "homeVisitFindings": "家庭成员签字确认。", "dataCheckResult": "未发现异常。", "opinion": "拟同意纳入"})
    act(driver, "startNotice")
    check_page(driver, "dibao-matter-in-notice", f"/work/matters/{matter_id}", expect_status=False)
    check_page(driver, "dibao-portal-notice", "/notices")
    notices = driver.find_element(By.TAG_NAME, "body").text
    if "周*保" not in notices or "周低保" in notices or "659003198807070013" in notices:
        failures.append("portal notice: the new applicant is not shown masked")

    # Confirmation at 师市 on the demo household whose notice has ended.
    login(driver, "reviewer", password)
    driver.get(BASE + "/work")
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "table.matters a")]
    target = None
    for href in links:
        driver.get(href)
        if "已报送师市" in driver.find_element(By.TAG_NAME, "body").text:
            target = href
            break
    if target is None:
        failures.append("confirmation: no demo matter waiting for the 师市 review")
        return
    act(driver, "startReview")
    login(driver, "approver", password)
    driver.get(target)
    act(driver, "approve", {"reviewCycle": "12"})
    document = driver.find_element(By.PARTIAL_LINK_TEXT, "最低生活保障确认通知书").get_attribute("href")
    check_page(driver, "dibao-confirmation-document", document.split(BASE, 1)[1], expect_status=False)


def with_check_character(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(first17, weights))
    return first17 + "10X98765432"[total % 11]


def choose(driver, select_id, text):
    for option in driver.find_element(By.ID, select_id).find_elements(By.TAG_NAME, "option"):
        if text in option.text:
            option.click()
            return
    raise RuntimeError(f"no option {text!r} in #{select_id}")


def set_date(driver, element_id, value):
    driver.execute_script("document.getElementById(arguments[0]).value = arguments[1];", element_id, value)


def journey_disability_subsidy(driver, password):
    """两项补贴: a citizen applies online; the town accepts, gives its opinion and posts the notice, masked on the portal."""
    login(driver, "13900000002", password)
    driver.get(BASE + "/my/apply/disabilitySubsidy")
    choose(driver, "orgUnitID", "红柳团镇一连")
    choose(driver, "f-disabilityCategory", "肢体")
    choose(driver, "f-disabilityGrade", "一级")
    choose(driver, "f-subsidyType", "两项补贴")
    choose(driver, "f-householdStatus", "低保家庭")
    submit(driver, {"f-certificateNumber": with_check_character("65900319620708003") + "41", "f-needsLongTermCare": True})
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("/my/matters/"))
    matter_id = driver.current_url.rsplit("/", 1)[1]
    check_page(driver, "liangbu-applied", f"/my/matters/{matter_id}", expect_status=False)
    login(driver, "clerk", password)
    driver.get(BASE + f"/work/matters/{matter_id}")
    act(driver, "accept")
    login(driver, "town.reviewer", password)
    driver.get(BASE + f"/work/matters/{matter_id}")
    act(driver, "townOpinion", {"opinion": "一级肢体残疾，低保家庭，需长期照护，符合两项补贴条件。"})
    act(driver, "startNotice")
    check_page(driver, "liangbu-in-notice", f"/work/matters/{matter_id}", expect_status=False)
    check_page(driver, "liangbu-portal-notice", "/notices")
    notices = driver.find_element(By.TAG_NAME, "body").text
    if "残疾人两项补贴初审公示" not in notices or "马*国" not in notices or "马建国" in notices:
        failures.append("portal notice: the 两项补贴 applicant is not shown masked")


def journey_marriage(driver, password):
    """婚姻登记: the registry opens appointment days, a citizen books one, the registry registers the marriage."""
    import datetime
    login(driver, "registrar", password)
    driver.get(BASE + "/work/appointments")
    start = datetime.date.today() + datetime.timedelta(days=1)
    set_date(driver, "from", start.isoformat())
    set_date(driver, "through", (start + datetime.timedelta(days=13)).isoformat())
    submit(driver, {"capacity": "10"})
    body = driver.find_element(By.TAG_NAME, "body").text
    if "已开放" not in body:
        failures.append(f"appointments: opening days failed: {body[:300]!r}")
    driver.save_screenshot(f"{SHOTS}/registry-appointments.png")
    login(driver, "13900000001", password)
    check_page(driver, "appointments", "/appointments", expect_status=False)
    driver.find_element(By.CSS_SELECTOR, "form[action^='/appointments/'] button").click()
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("/my/appointments"))
    if "预约成功" not in driver.find_element(By.TAG_NAME, "body").text:
        failures.append("appointments: the booking was not confirmed")
    driver.save_screenshot(f"{SHOTS}/my-appointments.png")

    login(driver, "registrar", password)
    driver.get(BASE + "/work/matters/new?type=marriageRegistration")
    choose(driver, "orgUnitID", "婚姻登记处")
    submit(driver, {"registration-title": "艾力与阿依古丽结婚登记", "f-partyAName": "艾力（示例）", "f-partyAID": with_check_character("65900319950101001"),
                    "f-partyBName": "阿依古丽（示例）", "f-partyBID": with_check_character("65900319980506002"),
                    "f-noImpedimentDeclarationSigned": True})
    try:
        WebDriverWait(driver, 10).until(expected_conditions.url_matches(r"/work/matters/[0-9a-f-]{36}$"))
    except Exception:
        driver.save_screenshot(f"{SHOTS}/failed-marriage-create.png")
        raise RuntimeError("marriage: registration not created: " + driver.find_element(By.TAG_NAME, "body").text[:400])
    matter_path = driver.current_url.split(BASE, 1)[1]
    act(driver, "checkDocuments", {"photosProvided": True})
    act(driver, "interview", {"partyAStatus": "未婚", "partyBStatus": "未婚", "bothVoluntary": True,
                              "illnessDisclosure": "双方均无须告知的重大疾病"})
    act(driver, "register", {"ceremony": "已举行，父母到场"})
    check_page(driver, "marriage-registered", matter_path, expect_status=False)
    if "J659003-" not in driver.find_element(By.TAG_NAME, "body").text:
        failures.append("marriage: no certificate number on the registered matter")
    login(driver, "leader", password)
    if status_of_signed_in(driver, matter_path) != 403:
        failures.append("marriage: the 领导 could open a registration record")


def status_of_signed_in(driver, path):
    driver.get(BASE + path)
    refused = "无权访问" in driver.title
    driver.get_log("browser")  # the 403 is the expected answer
    return 403 if refused else 200


def journey_staff(driver, password):
    login(driver, "admin", password)
    for name, path in [("admin-home", "/admin"), ("admin-accounts", "/admin/accounts"), ("admin-org", "/admin/org"),
                       ("admin-calendar", "/admin/calendar"), ("admin-settings", "/admin/settings")]:
        check_page(driver, name, path, expect_status=False)
    login(driver, "auditor", password)
    check_page(driver, "admin-journal", "/admin/journal", expect_status=False)
    login(driver, "reviewer", password)
    check_page(driver, "work-home", "/work", expect_status=False)
    check_page(driver, "work-security", "/work/security", expect_status=False)
    for name, path in [("organizations", "/work/organizations"), ("campaign-2025", "/work/organizations/campaigns/2025"),
                       ("double-random", "/work/organizations/checks"), ("supervision-figures", "/work/supervision-figures?year=2025")]:
        check_page(driver, name, path, expect_status=False)
    body = driver.find_element(By.TAG_NAME, "body").text
    if "100.0%" not in body:
        failures.append("supervision figures: the demo's 2025 coverage is not 100%")
    login(driver, "legal", password)
    check_page(driver, "enforcement-work", "/work/enforcement?year=2025", expect_status=False)
    check_page(driver, "rulemaking-work", "/work/rulemaking?year=2025", expect_status=False)
    body = driver.find_element(By.TAG_NAME, "body").text
    if "32" not in body:
        failures.append("rule-making: the demo's 32 study sessions are not counted")


def journey_leader(driver, password):
    """The 领导 opens the dashboard, drills into an overdue list, and reads the 2025 report with its sources."""
    login(driver, "leader", password)
    check_page(driver, "dashboard", "/work/dashboard?year=2025", expect_status=False)
    if driver.find_elements(By.CSS_SELECTOR, "svg.chart").__len__() != 3:
        failures.append("dashboard: the three charts are not drawn")
    overdue = driver.find_elements(By.CSS_SELECTOR, "a[href*='urgency=overdue&type=']")
    if overdue:
        overdue[0].click()
        check_page(driver, "dashboard-overdue-list", driver.current_url.replace(BASE, ""), expect_status=False)
        if not driver.find_elements(By.CSS_SELECTOR, "a[href^='/work/matters/export/xlsx']"):
            failures.append("overdue list: no export link")
    check_page(driver, "report-2025", "/work/reports/2025", expect_status=False)
    body = driver.find_element(By.TAG_NAME, "body").text
    for figure in ["894", "367", "108", "32"]:
        if figure not in body:
            failures.append(f"report 2025: the figure {figure} is missing")
    check_page(driver, "report-2025-figure", "/work/reports/2025/figures/drills", expect_status=False)
    check_page(driver, "report-2025-print", "/work/reports/2025/print", expect_status=False)
    check_page(driver, "report-2025-public", "/reports/2025", expect_status=False)


def main():
    driver = make_driver()
    try:
        for name, path in PAGES:
            check_page(driver, name, path)
        password = demo_password()
        journey_register(driver)
        journey_staff(driver, password)
        journey_minimum_living_allowance(driver, password)
        journey_disability_subsidy(driver, password)
        journey_marriage(driver, password)
        journey_leader(driver, password)
        # Phone width: the layout must stay usable.
        driver.set_window_size(390, 844)
        check_page(driver, "home-phone", "/")
        driver.set_window_size(1280, 1000)
    finally:
        driver.quit()
    if failures:
        print("\nBrowser check FAILED:")
        for failure in failures:
            print("  - " + failure)
        print("\nServer log (tail):")
        with open(SERVER_LOG, encoding="utf-8", errors="replace") as log:
            print("".join(log.readlines()[-40:]))
        sys.exit(1)
    print("\nBrowser check passed.")


if __name__ == "__main__":
    main()
