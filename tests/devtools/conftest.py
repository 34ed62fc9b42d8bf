import pytest

from tests.factories import UnitFactory
from units.models import UnitKind


@pytest.fixture
def demo_units(db):
    """The units the campaigns demo looks up by code."""
    hp = UnitFactory(
        code="HP-SGD", name="Sở Giáo dục và Đào tạo Hải Phòng", kind=UnitKind.DEPARTMENT
    )
    UnitFactory(code="HP-VP", name="Văn phòng Sở", kind=UnitKind.DEPARTMENT_OFFICE, parent=hp)
    hn = UnitFactory(code="HN-SGD", name="Sở Giáo dục và Đào tạo Hà Nội", kind=UnitKind.DEPARTMENT)
    UnitFactory(code="HN-VP", name="Văn phòng Sở", kind=UnitKind.DEPARTMENT_OFFICE, parent=hn)
    hy = UnitFactory(
        code="HY-SKHCN", name="Sở Khoa học và Công nghệ Hưng Yên", kind=UnitKind.DEPARTMENT
    )
    UnitFactory(code="HY-VP", name="Văn phòng Sở", kind=UnitKind.DEPARTMENT_OFFICE, parent=hy)
    tk = UnitFactory(code="TK-UBND", name="UBND xã Tứ Kỳ", kind=UnitKind.COMMUNE)
    UnitFactory(
        code="TK-VHXH", name="Phòng Văn hóa - Xã hội", kind=UnitKind.COMMUNE_BODY, parent=tk
    )
