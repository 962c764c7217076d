from utblick.registers.models.choices import Body
from utblick.registers.models.funding import FundingApplication, ProjectPartner
from utblick.registers.models.grants import GrantApplication
from utblick.registers.models.matters import Matter
from utblick.registers.models.memberships import NetworkMembership
from utblick.registers.models.partnerships import Partnership
from utblick.registers.models.visits import Visit, VisitCostItem

__all__ = [
    "Body",
    "FundingApplication",
    "GrantApplication",
    "Matter",
    "NetworkMembership",
    "Partnership",
    "ProjectPartner",
    "Visit",
    "VisitCostItem",
]
