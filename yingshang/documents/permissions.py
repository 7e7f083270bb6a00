"""Who sees and changes documents. A document is loaded only through access_document(), which answers "not found"
for absent and not-yours alike.

Court staff see the documents of the cases they can see (yingshang.cases.permissions.case_scope_q), 副卷 included.
An outside user (party, lawyer) sees, in a case of theirs, only 正卷 documents that are not sealed from parties and
that were served (or sent electronically) on a party they are or represent, shared with all parties, or submitted
by such a party."""

from django.db.models import Exists, OuterRef, Q

from yingshang.cases.models import Case, CaseAgent, CaseParty, Party
from yingshang.cases.permissions import access_case, access_case_for_write, case_scope_q, can_write_case
from yingshang.core.errors import NotFound, PermissionDenied
from yingshang.documents.choices import ServiceStatus, Volume
from yingshang.documents.models import Document, ServiceRecord


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.is_court_staff))


def party_ids_of_user(user) -> list[int]:
    """Parties the user logs in for (portal account) or represents as an agent."""
    if not user or not user.is_authenticated:
        return []
    own = set(Party.objects.filter(users=user).values_list("pk", flat=True))
    own |= set(CaseAgent.objects.filter(agent=user).values_list("case_party__party_id", flat=True))
    return sorted(own)


def party_ids_of_user_in_case(user, case_id: int) -> list[int]:
    own = set(CaseParty.objects.filter(case_id=case_id, party__users=user).values_list("party_id", flat=True))
    own |= set(CaseAgent.objects.filter(case_party__case_id=case_id, agent=user)
               .values_list("case_party__party_id", flat=True))
    return sorted(own)


def documents_visible_q(user) -> Q:
    """The documents a user may read, as a filter on Document."""
    if not user or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    in_scope = Q(case__in=Case.objects.filter(case_scope_q(user)).values("pk"))
    if is_staff(user):
        return in_scope
    parties = party_ids_of_user(user)
    served = ServiceRecord.objects.filter(document=OuterRef("pk"), party_id__in=parties,
                                          status__in=[ServiceStatus.SENT, ServiceStatus.SERVED])
    return (in_scope & Q(volume=Volume.MAIN, is_sealed_from_parties=False, revoked_at__isnull=True)
            & (Q(is_shared_with_parties=True) | Q(Exists(served)) | Q(submitted_by_party_id__in=parties)))


def access_document(user, document_id) -> Document:
    try:
        document_id = int(document_id)
    except (TypeError, ValueError):
        raise NotFound("DOCUMENT_NOT_FOUND", "未找到该文书，或您无权查看")
    document = (Document.objects.select_related("case", "case__court", "addressee_party")
                .filter(documents_visible_q(user), pk=document_id).first())
    if document is None:
        raise NotFound("DOCUMENT_NOT_FOUND", "未找到该文书，或您无权查看")
    return document


def access_document_for_write(user, document_id) -> Document:
    """Staff who may change the document's case (serve it, register it as a decision …)."""
    document = access_document(user, document_id)
    if not is_staff(user) or not can_write_case(user, document.case):
        raise PermissionDenied("DOCUMENT_WRITE_DENIED", "您无权办理该案件的文书")
    return document


def access_case_for_documents(user, case_id) -> Case:
    """Staff who may add documents to a case, serve and record its litigation activities."""
    case = access_case_for_write(user, case_id)
    if not is_staff(user):
        raise PermissionDenied("DOCUMENT_WRITE_DENIED", "您无权办理该案件的文书")
    return case


def access_case_as_party(user, case_id) -> tuple[Case, list[int]]:
    """An outside user acting for a party in a case (online submission, consent, appeal, certificate request):
    the case and the parties the user acts for in it. NotFound if the case is not theirs."""
    case = access_case(user, case_id)
    parties = party_ids_of_user_in_case(user, case.pk)
    if not parties:
        raise NotFound("CASE_NOT_FOUND", "未找到该案件，或您无权查看")
    return case, parties
