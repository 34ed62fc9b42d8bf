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


def _spray(client, names, address="10.0.0.7"):
    """One wrong password for each user name, all from one address."""
    return [
        client.post("/login/", {"username": name, "password": "sai"}, REMOTE_ADDR=address)
        for name in names
    ]


def test_wrong_passwords_on_many_user_names_lock_the_address(client, users, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    names = [f"ten{i}" for i in range(7)]  # below the per-name limit each time
    assert all(r.status_code == 200 for r in _spray(client, names))
    response = _spray(client, ["staff_b"])[0]
    assert response.status_code == 429
    assert "Đăng nhập từ địa chỉ này tạm thời bị khóa trong 15 phút" in response.content.decode()
    # Even a right password for another account is refused from that address ...
    response = client.post(
        "/login/", {"username": "head_a", "password": "matkhau-Demo-2025"}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 429
    # ... but another address is not locked.
    response = client.post(
        "/login/", {"username": "head_a", "password": "matkhau-Demo-2025"}, REMOTE_ADDR="10.0.0.8"
    )
    assert response.status_code == 302


def test_logging_in_to_one_account_does_not_clear_the_address_count(client, users, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    _spray(client, [f"ten{i}" for i in range(7)])
    response = client.post(
        "/login/", {"username": "head_a", "password": "matkhau-Demo-2025"}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 302
    client.post("/logout/")
    assert _spray(client, ["ten8"])[0].status_code == 429
