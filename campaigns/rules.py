"""Who may do what with campaigns. Views, templates and tests use these predicates."""

from units import access


def can_create_campaign(user) -> bool:
    """Office reviewers and administrators set up campaigns of units in their scope."""
    return access.has_role(user, *access.MANAGING_ROLES)


def can_edit_campaign(user, campaign) -> bool:
    return access.has_role(user, *access.MANAGING_ROLES, unit=campaign.issuing_unit)
