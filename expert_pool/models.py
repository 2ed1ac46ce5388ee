"""Every feature's models, imported in one place so that the metadata (and Alembic) has all."""

from .accounts.models import User
from .audit.models import AuditEvent
from .events.models import CapacityEvent, EventParticipants
from .experts.models import ConflictOfInterest, Expert, Publication
from .helpdesk.models import Assignment, Attachment, Comment, CooperationRequest
from .knowledge.models import KnowledgeProduct, ProductDownload, ProductFile, ProductLanguage
from .matching.models import EmbeddingVector, MatcherChange
from .needs.models import Finding, QuestionnaireTemplate, Response, Round
from .notifications.models import OutboxMessage
from .ops.models import WorkerHeartbeat
from .reports.models import GapScore
from .taxonomy.models import Party, Tag, TagAlias, Target

__all__ = [
    "Assignment",
    "Attachment",
    "AuditEvent",
    "CapacityEvent",
    "Comment",
    "ConflictOfInterest",
    "CooperationRequest",
    "EmbeddingVector",
    "EventParticipants",
    "Expert",
    "Finding",
    "GapScore",
    "KnowledgeProduct",
    "MatcherChange",
    "OutboxMessage",
    "Party",
    "ProductDownload",
    "ProductFile",
    "ProductLanguage",
    "Publication",
    "QuestionnaireTemplate",
    "Response",
    "Round",
    "Tag",
    "TagAlias",
    "Target",
    "User",
    "WorkerHeartbeat",
]
