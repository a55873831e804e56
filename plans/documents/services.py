"""Producing a plan document: build, hash, reuse or render, store, record, audit.

The cache key is a hash of the document's inputs (plan version and revision, handout
versions, print size...) together with the sources of the templates and stylesheets it is
made from, so editing a template makes new documents while a stored PDF never changes.
Every PDF goes through lbp_clinic.documents, the one renderer with the safe fetcher.
"""

import hashlib
import io
import json

from django.db import IntegrityError, transaction
from django.template import loader
from django.template.loader import render_to_string
from django.template.loader_tags import ExtendsNode, IncludeNode
from pypdf import PdfReader

from lbp_clinic.audit import audit_document
from lbp_clinic.documents import render_pdf, resolve_local_file
from plans.documents import DocumentSpec, kinds
from plans.models import PlanDocument, PlanOfCare


class UnknownKind(LookupError):
    """No document of this kind exists."""


def build_spec(plan: PlanOfCare, kind: str, *, large_print: bool) -> DocumentSpec:
    try:
        builder = kinds.BUILDERS[kind]
    except KeyError as error:
        raise UnknownKind(kind) from error
    return builder(plan, large_print=large_print)


def _template_names(name: str, found: dict[str, str]) -> None:
    """The template and every template it extends or includes by a constant name."""
    if name in found:
        return
    template = loader.get_template(name).template
    found[name] = template.source
    for node in template.nodelist.get_nodes_by_type(ExtendsNode) + (
        template.nodelist.get_nodes_by_type(IncludeNode)
    ):
        expression = node.parent_name if isinstance(node, ExtendsNode) else node.template
        if isinstance(expression.var, str):
            _template_names(expression.var, found)


def template_sources(spec: DocumentSpec) -> dict[str, str]:
    """{template name: source} for the spec's template and everything it pulls in."""
    found: dict[str, str] = {}
    _template_names(spec.template, found)
    return found


def _digest(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def input_hash(spec: DocumentSpec) -> str:
    stylesheets = {}
    for path in spec.stylesheets:
        local = resolve_local_file("/static/" + path)
        stylesheets[path] = _digest(local.read_bytes()) if local else "missing"
    key = {
        "kind": spec.kind,
        "large_print": spec.large_print,
        "inputs": spec.inputs,
        "templates": {name: _digest(source) for name, source in template_sources(spec).items()},
        "stylesheets": stylesheets,
    }
    return _digest(json.dumps(key, sort_keys=True, default=str))


def render_spec(spec: DocumentSpec) -> bytes:
    return render_pdf(render_to_string(spec.template, spec.context), stylesheets=spec.stylesheets)


def _stored(plan: PlanOfCare, kind: str, digest: str) -> PlanDocument | None:
    return PlanDocument.objects.filter(plan=plan, kind=kind, input_hash=digest).first()


def audit_download(request, document: PlanDocument, *, produced: bool) -> None:
    audit_document(
        request,
        patient=document.plan.patient,
        document=document.kind,
        obj=document,
        versions={
            "document": document.pk,
            "title": document.title,
            "produced": produced,
            "input_hash": document.input_hash,
            **document.inputs,
        },
    )


def produce(request, plan: PlanOfCare, kind: str, *, large_print: bool) -> PlanDocument:
    """The document for the plan as it is now: the stored one when nothing it depends on has
    changed (no second render), else a new render, stored and recorded on the chart."""
    spec = build_spec(plan, kind, large_print=large_print)
    digest = input_hash(spec)
    document = _stored(plan, kind, digest)
    if document is not None:
        audit_download(request, document, produced=False)
        return document
    pdf = render_spec(spec)
    try:
        with transaction.atomic():
            document = PlanDocument.objects.create(
                plan=plan,
                kind=kind,
                title=spec.title,
                large_print=spec.large_print,
                input_hash=digest,
                inputs=spec.inputs,
                pdf=pdf,
                page_count=len(PdfReader(io.BytesIO(pdf)).pages),
                created_by=request.user,
            )
            audit_download(request, document, produced=True)
    except IntegrityError:
        # Someone stored the very same document a moment ago: theirs is the one.
        document = _stored(plan, kind, digest)
        audit_download(request, document, produced=False)
    return document
