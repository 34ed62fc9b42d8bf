"""Browser journey: unit staff logs in, sees the home page and the unit tree in Vietnamese."""

from tests.factories import PersonFactory


def test_unit_staff_sees_home_and_units_in_vietnamese(page, browser_login, screenshot, users, org):
    PersonFactory(full_name="Trịnh Thị Yến", unit=org["school_a_branch"], position="Giáo viên")
    browser_login(page, "staff_a")
    body = page.locator("body").inner_text()
    assert f"Xin chào, {users['staff_a'].person.full_name}" in body
    assert "Cán bộ đơn vị — Trường THPT An Lão" in body
    assert "Trang chủ" in body
    screenshot(page, "units-home-unit-staff")

    page.click("nav.mainnav >> text=Đơn vị")
    page.wait_for_url(f"{page.base_url}/units/")
    body = page.locator("body").inner_text()
    assert "Trường THPT An Lão" in body
    assert "Tổ Toán – Tin" in body
    assert "Trường THPT Bạch Đằng" not in body
    assert "2 đơn vị" in body
    screenshot(page, "units-tree-unit-staff")

    page.click("text=Tổ Toán – Tin")
    body = page.locator("body").inner_text()
    assert "Trịnh Thị Yến" in body
    assert "Đơn vị cấp dưới" in body
    screenshot(page, "units-detail-unit-staff")


def test_office_imports_a_bad_file_and_sees_the_report(
    page, browser_login, screenshot, users, org, tmp_path
):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(
        ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên", "Số CBCCVC/NLĐ"]
    )
    workbook.active.append(["THC", "Trường THPT Cát Bi", "Trường THPT", "KHONGCO", 70])
    path = tmp_path / "don-vi.xlsx"
    workbook.save(path)
    browser_login(page, "office")
    page.goto(f"{page.base_url}/units/import/units/")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=Kiểm tra và nhập")
    body = page.locator("body").inner_text()
    assert "Chưa lưu dữ liệu nào." in body
    assert "Dòng 2: Mã đơn vị cấp trên “KHONGCO” không tồn tại." in body
    screenshot(page, "units-import-report")


def test_office_grants_a_role_picking_the_unit_by_name(page, browser_login, screenshot, users, org):
    from units.models import RoleAssignment

    browser_login(page, "office")
    page.goto(f"{page.base_url}/units/accounts/{users['staff_b'].pk}/")
    page.select_option("select[name=role]", "unit_head")
    page.locator("input[name=unit]").press_sequentially("bach dang", delay=30)
    page.wait_for_selector("datalist#id_unit-options option[value=THB]", state="attached")
    page.fill("input[name=unit]", "THB")
    page.click('form[action$="/roles/"] button[type=submit]')
    page.wait_for_selector("text=Đã cấp vai trò.")
    assert RoleAssignment.objects.filter(
        user=users["staff_b"], role="unit_head", unit=org["school_b"]
    ).exists()
    screenshot(page, "units-account-roles")
