from .contact import ContactRequest
from .demand import DemandAlert, DemandResponse, DemandSubmission
from .good_practice import GoodPractice
from .match import FollowUp, Match, MatchStatusChange

__all__ = [
    "ContactRequest",
    "DemandAlert",
    "DemandResponse",
    "DemandSubmission",
    "FollowUp",
    "GoodPractice",
    "Match",
    "MatchStatusChange",
]
