def _attempt(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_user_name_with_a_vietnamese_message(client, users):
    for _ in range(4):
        assert _attempt(client, "staff_a", "sai").status_code == 200
    response = _attempt(client, "staff_a", "sai")
    assert response.status_code == 429
    page = response.content.decode()
    assert "đăng nhập tạm thời bị khóa trong 15 phút" in page

    # Even the right password is refused while the lock lasts ...
    assert _attempt(client, "staff_a", "matkhau-Demo-2025").status_code == 429
    assert "_auth_user_id" not in client.session
    # ... but other users of the same office are not locked out.
    assert _attempt(client, "staff_b", "matkhau-Demo-2025").status_code == 302


def test_a_successful_login_resets_the_count(client, users):
    for _ in range(4):
        _attempt(client, "staff_a", "sai")
    assert _attempt(client, "staff_a", "matkhau-Demo-2025").status_code == 302
    client.post("/logout/")
    for _ in range(4):
        assert _attempt(client, "staff_a", "sai").status_code == 200
