def test_another_units_record_answers_a_vietnamese_not_found_page(client, users, org):
    client.force_login(users["staff_b"])
    response = client.get(f"/units/{org['school_a'].pk}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert "Về trang chủ" in page


def test_server_error_page_is_vietnamese_and_standalone():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Lỗi hệ thống" in page
    assert "Dữ liệu đã lưu trước đó không bị ảnh hưởng" in page
