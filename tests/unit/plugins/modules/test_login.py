# -*- coding: utf-8 -*-
# Copyright: (c) 2026, snapcenter.vsphere contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from scv_fake_http import LOGIN_PATH, SCV_HOST, TOKEN

from ansible_collections.snapcenter.vsphere.plugins.modules import login


def test_login_returns_the_token_unchanged(fake_http, run_module):
    result = run_module(login, {})
    assert result == {"changed": False, "token": TOKEN}
    assert fake_http.sent(include_login=True) == [
        ("POST", LOGIN_PATH, {"username": "administrator@vsphere.local", "password": "vc-secret"})]


def test_login_runs_in_check_mode(fake_http, run_module):
    assert run_module(login, {}, check_mode=True)["token"] == TOKEN


def test_wrong_password_names_the_host_not_the_password(fake_http, run_module):
    fake_http.route("POST", LOGIN_PATH, None, status=401, messages=["Invalid credentials"])
    result = run_module(login, {})
    assert result["failed"]
    assert "authentication failed for %s" % SCV_HOST in result["msg"]
    assert "vc-secret" not in repr(result)


def test_missing_credentials_fail_naming_them(fake_http, run_module):
    result = run_module(login, {"hostname": SCV_HOST}, connection=False)
    assert result["failed"]
    assert "username" in result["msg"] and "password" in result["msg"]
    assert fake_http.requests == []
