"""Producing a plan document: key, reuse or build and render, store, record, audit.

The cache key is a hash of the document's inputs (plan version and revision, handout
versions, exercises and their edit times, print size, plan week...) together with a
fingerprint of the templates and stylesheets it is made from and of the code that draws
the exercise pictures, so editing any of them makes new documents while a stored PDF never
changes. The inputs are read without building the document (kinds.INPUTS: a few queries),
and the fingerprint is computed once per process (templates are cached per process too;
with DEBUG on, every time), so a download of a stored PDF builds nothing.
Every PDF goes through lbp_clinic.documents, the one renderer with the safe fetcher.
"""

import functools
import hashlib
import json
import posixpath
import re
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import loader
from django.template.loader import render_to_string
from django.template.loader_tags import ExtendsNode, IncludeNode

from exercises import pictures
from lbp_clinic.audit import audit_document
from lbp_clinic.documents import page_count, render_pdf, render_pdf_in_parts, resolve_local_file
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


def template_sources(template: str) -> dict[str, str]:
    """{template name: source} for the template and everything it pulls in."""
    found: dict[str, str] = {}
    _template_names(template, found)
    return found


def _digest(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


# The static files a document draws: url(...) in a stylesheet (relative to it), {% static %}
# in a template.
STYLESHEET_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
TEMPLATE_STATIC = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")


def _static_digest(path: str) -> str:
    local = resolve_local_file("/static/" + path)
    return _digest(local.read_bytes()) if local else "missing"


def _files_fingerprint(template: str, stylesheets: tuple[str, ...]) -> str:
    sources = template_sources(template)
    drawn = {path for source in sources.values() for path in TEMPLATE_STATIC.findall(source)}
    stylesheet_digests = {}
    for path in stylesheets:
        local = resolve_local_file("/static/" + path)
        css = local.read_bytes() if local else b""
        stylesheet_digests[path] = _digest(css) if local else "missing"
        for url in STYLESHEET_URL.findall(css.decode()):
            if not url.startswith("data:"):
                drawn.add(posixpath.normpath(posixpath.join(posixpath.dirname(path), url)))
    # The drawings are made by code, per exercise slug: their source is part of the key.
    drawing_code = {
        source.name: _digest(source.read_bytes())
        for source in sorted(Path(pictures.__file__).parent.glob("*.py"))
    }
    key = {
        "templates": {name: _digest(source) for name, source in sources.items()},
        "stylesheets": stylesheet_digests,
        "static files": {path: _static_digest(path) for path in sorted(drawn)},
        "drawings": drawing_code,
    }
    return _digest(json.dumps(key, sort_keys=True))


_cached_files_fingerprint = functools.cache(_files_fingerprint)


def files_fingerprint(template: str, stylesheets: tuple[str, ...]) -> str:
    """A hash of the template sources, stylesheets, the static files they draw and the drawing
    code a document is made of."""
    if settings.DEBUG:  # templates may be edited under a running development server
        return _files_fingerprint(template, stylesheets)
    return _cached_files_fingerprint(template, tuple(stylesheets))


def inputs_hash(kind: str, large_print: bool, inputs: dict, fingerprint: str) -> str:
    key = {"kind": kind, "large_print": large_print, "inputs": inputs, "files": fingerprint}
    return _digest(json.dumps(key, sort_keys=True, default=str))


def input_hash(spec: DocumentSpec) -> str:
    fingerprint = files_fingerprint(spec.template, spec.stylesheets)
    return inputs_hash(spec.kind, spec.large_print, spec.inputs, fingerprint)


def document_key(plan: PlanOfCare, kind: str, *, large_print: bool) -> str:
    """The cache key of the document as the plan is now, without building it."""
    try:
        read_inputs = kinds.INPUTS[kind]
    except KeyError as error:
        raise UnknownKind(kind) from error
    template, stylesheets = kinds.FILES[kind]
    fingerprint = files_fingerprint(template, stylesheets)
    return inputs_hash(kind, large_print, read_inputs(plan, large_print=large_print), fingerprint)


def render_spec(spec: DocumentSpec) -> bytes:
    if not spec.parts:
        html = render_to_string(spec.template, spec.context)
        return render_pdf(html, stylesheets=spec.stylesheets)
    parts = [
        (render_to_string(spec.template, {**spec.context, **part.context}), part.pages)
        for part in spec.parts
    ]
    return render_pdf_in_parts(parts, stylesheets=spec.stylesheets)


def _stored(plan: PlanOfCare, kind: str, digest: str) -> PlanDocument | None:
    document = PlanDocument.objects.filter(plan=plan, kind=kind, input_hash=digest).first()
    if document is not None:
        document.plan = plan  # the audit and the file name read it: no second read
    return document


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
    document = _stored(plan, kind, document_key(plan, kind, large_print=large_print))
    if document is not None:
        audit_download(request, document, produced=False)
        return document
    spec = build_spec(plan, kind, large_print=large_print)
    # The key of what is rendered (the same as above unless the plan changed meanwhile).
    digest = input_hash(spec)
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
                page_count=page_count(pdf),
                created_by=request.user,
            )
            audit_download(request, document, produced=True)
    except IntegrityError:
        # Someone stored the very same document a moment ago: theirs is the one.
        document = _stored(plan, kind, digest)
        audit_download(request, document, produced=False)
    return document
