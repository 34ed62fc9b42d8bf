from portal.text import collation_key, fold, person_sort_key, quoted


def test_fold_strips_accents_and_maps_d_bar():
    assert fold("Sáng kiến ĐỔI MỚI  sáng tạo") == "sang kien doi moi sang tao"


def test_collation_follows_the_vietnamese_alphabet():
    words = ["đa", "dâ", "da", "ă", "â", "b", "ab", "a"]
    assert sorted(words, key=collation_key) == ["a", "ab", "ă", "â", "b", "da", "dâ", "đa"]


def test_tones_sort_after_letters_in_dictionary_order():
    words = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(words, key=collation_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_people_sort_by_given_name_then_full_name():
    names = ["Trần Thị Ánh", "Nguyễn Văn An", "Lê Văn Bình", "Bùi Văn An", "Hoàng Đào", "Vũ Ân"]
    assert sorted(names, key=person_sort_key) == [
        "Bùi Văn An",
        "Nguyễn Văn An",
        "Trần Thị Ánh",
        "Vũ Ân",
        "Lê Văn Bình",
        "Hoàng Đào",
    ]


def test_a_quoted_name_never_nests_double_quotation_marks():
    assert quoted("Dạy tốt, học tốt") == "“Dạy tốt, học tốt”"
    assert quoted("Phong trào “Dạy tốt, học tốt”") == "“Phong trào ‘Dạy tốt, học tốt’”"
    assert quoted('Phong trào "Xanh - Sạch - Đẹp"') == "“Phong trào ‘Xanh - Sạch - Đẹp’”"
    assert quoted("“Đã có ngoặc”") == "“Đã có ngoặc”"
