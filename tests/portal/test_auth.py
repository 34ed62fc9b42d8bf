import re

from django.core import mail


def test_login_page_is_vietnamese(client, db):
    page = client.get("/login/").content.decode()
    assert "Đăng nhập" in page
    assert "Quên mật khẩu?" in page


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/login/?next=/"


def test_login_with_a_wrong_password_is_refused_in_vietnamese(client, users):
    response = client.post("/login/", {"username": "staff_a", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_then_logout(client, users):
    response = client.post("/login/", {"username": "staff_a", "password": "matkhau-Demo-2025"})
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").status_code == 200
    response = client.post("/logout/")
    assert response.url == "/login/"
    assert client.get("/").status_code == 302


def test_logout_by_get_is_not_allowed(client, users):
    client.force_login(users["staff_a"])
    assert client.get("/logout/").status_code == 405
    assert client.get("/").status_code == 200


def test_password_change(client, users):
    client.force_login(users["staff_a"])
    response = client.post(
        "/password/change/",
        {
            "old_password": "matkhau-Demo-2025",
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    users["staff_a"].refresh_from_db()
    assert users["staff_a"].check_password("Mat-khau-moi-2026")


def test_password_reset_by_email_in_vietnamese(client, users):
    response = client.post("/password/reset/", {"email": users["staff_a"].email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu trên Cổng thi đua"
    assert message.to == [users["staff_a"].email]
    assert "Tên đăng nhập của bạn là staff_a." in message.body
    link = re.search(r"http://\S+/password/reset/\S+/\S+/", message.body).group(0)
    path = link.split("testserver", 1)[1]

    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Mot-Mat-Khau-Moi-9", "new_password2": "Mot-Mat-Khau-Moi-9"}
    )
    assert response.status_code == 302
    users["staff_a"].refresh_from_db()
    assert users["staff_a"].check_password("Mot-Mat-Khau-Moi-9")


def test_password_reset_for_an_unknown_email_sends_nothing_and_tells_nothing(client, users):
    response = client.post("/password/reset/", {"email": "nobody@example.vn"}, follow=True)
    assert mail.outbox == []
    assert "Nếu có tài khoản dùng địa chỉ email này" in response.content.decode()
