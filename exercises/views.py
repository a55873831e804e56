"""Pages of the exercise library: list and search, detail, editing (clinic admins), photos,
favourites (therapists) and the printable exercise sheet."""

from django.contrib import messages
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from exercises import selectors, services
from exercises.forms import (
    ExerciseFilterForm,
    ExerciseForm,
    ImageDetailsForm,
    ImageUploadForm,
    NewExerciseForm,
)
from exercises.models import ExerciseImage
from exercises.pictures import render_exercise_pair_svg, render_exercise_svg
from lbp_clinic.access import (
    ALL_STAFF,
    CLINIC_ADMIN,
    THERAPIST,
    clinic_of,
    get_scoped_or_404,
    role_required,
)
from lbp_clinic.audit import audit_change, audit_document
from lbp_clinic.documents import render_template_pdf

PAGE_SIZE = 20
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


class CappedPage(Page):
    def end_index(self):
        return self.start_index() + len(self.object_list) - 1


class CappedPaginator(Paginator):
    """Pages of a count made with at most COUNT_CAP + 1 matches: a broad search says "more
    than 1,000" instead of counting (and offering pages for) thousands of rows no one will
    page through. The search gives the count and the page together (library_search)."""

    COUNT_CAP = 1000

    def __init__(self, count, per_page):
        super().__init__([], per_page)
        self.count = count

    @property
    def capped(self):
        return self.count > self.COUNT_CAP

    @property
    def cap_text(self):
        return f"{self.COUNT_CAP:,}"

    def page_number(self, number):
        """The page get_page() would show for `number`: 1 when it is not a number, the
        last page when there is no such page."""
        try:
            return self.validate_number(number)
        except PageNotAnInteger:
            return 1
        except EmptyPage:
            return self.num_pages


def _library_page(request, *, terms, filters):
    """The page of results asked for, counted and fetched together; a page number that is
    not a page (past the end, below 1) shows the last page, as Paginator.get_page() does."""
    asked = request.GET.get("page")
    try:
        # Any page past the last possible one is past the end (and kept a small offset).
        guess = min(max(int(asked), 1), CappedPaginator.COUNT_CAP // PAGE_SIZE + 2)
    except (TypeError, ValueError):
        guess = 1

    def search(number):
        return selectors.library_search(
            user=request.user,
            terms=terms,
            offset=(number - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
            cap=CappedPaginator.COUNT_CAP + 1,
            **filters,
        )

    found = search(guess)
    paginator = CappedPaginator(found.count, PAGE_SIZE)
    number = paginator.page_number(asked)
    if number != guess:
        found = search(number)
    return CappedPage(found.exercises, number, paginator)


@role_required(*ALL_STAFF)
@require_http_methods(["GET"])
def exercise_list(request):
    form = ExerciseFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    terms = selectors.search_terms(user=request.user, query=filters.pop("query"))
    page = _library_page(request, terms=terms, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filtered": bool(terms.words) or any(filters.values()),
        "query_string": query.urlencode(),
        "next_url": request.get_full_path(),
    }
    template = "exercises/exercise_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context)


def _reading_only(request):
    """Checked after the object lookup: another clinic's exercise is a 404 for any method."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


@role_required(*ALL_STAFF)
def exercise_drawing(request, pk, phase):
    """The drawn start, end or start-and-end picture of an exercise, as SVG."""
    exercise = selectors.exercise_detail(user=request.user, pk=pk)
    if refused := _reading_only(request):
        return refused
    if not exercise.has_drawing or phase not in ("start", "end", "pair"):
        raise Http404("This exercise has no such drawing.")
    svg = (
        render_exercise_pair_svg(exercise.slug)
        if phase == "pair"
        else render_exercise_svg(exercise.slug, phase)
    )
    return HttpResponse(
        svg, content_type="image/svg+xml", headers={"Cache-Control": "private, max-age=86400"}
    )


@role_required(*ALL_STAFF)
def exercise_gallery(request):
    """Every drawn exercise side by side, so a clinician can check the pictures at a glance."""
    exercises = [
        e
        for e in selectors.visible_exercises(user=request.user).order_by("name", "id")
        if e.has_drawing
    ]
    return render(request, "exercises/gallery.html", {"exercises": exercises})


@role_required(*ALL_STAFF)
def exercise_detail(request, pk):
    exercise = selectors.exercise_detail(user=request.user, pk=pk)
    if refused := _reading_only(request):
        return refused
    user = request.user
    context = {
        "exercise": exercise,
        "can_edit": user.is_clinic_admin and exercise.clinic_id == user.clinic_id,
        "history": selectors.exercise_history(exercise=exercise) if user.is_clinic_admin else None,
    }
    return render(request, "exercises/exercise_detail.html", context)


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def exercise_create(request):
    clinic = clinic_of(request.user)
    form = NewExerciseForm(request.POST or None, request.FILES or None, clinic=clinic)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            exercise = services.exercise_create(
                clinic=clinic,
                user=request.user,
                fields=form.exercise_fields(),
                photo=form.cleaned_data["photo"],
                photo_description=form.cleaned_data["photo_description"],
            )
            audit_change(request, exercise, created=True)
        messages.success(request, f"“{exercise.name}” was added to your clinic's library.")
        return redirect(exercise)
    return render(request, "exercises/exercise_form.html", {"form": form, "creating": True})


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def exercise_edit(request, pk):
    exercise = selectors.own_exercise(user=request.user, pk=pk)
    name = exercise.name
    form = ExerciseForm(request.POST or None, instance=exercise, clinic=exercise.clinic)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changes = services.exercise_update(
                exercise=exercise, user=request.user, fields=form.exercise_fields()
            )
            if changes:
                audit_change(request, exercise, changed_fields=[c["field"] for c in changes])
        if changes:
            messages.success(request, f"Saved “{form.cleaned_data['name']}”.")
        else:
            messages.info(request, "Nothing was changed.")
        return redirect(exercise)
    context = {"form": form, "exercise": exercise, "exercise_name": name}
    return render(request, "exercises/exercise_form.html", context)


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def exercise_duplicate(request, pk):
    exercise = selectors.exercise_detail(user=request.user, pk=pk)
    if request.method == "POST":
        with transaction.atomic():
            copy = services.exercise_duplicate(
                exercise=exercise, clinic=clinic_of(request.user), user=request.user
            )
            audit_change(request, copy, created=True)
        messages.success(
            request, f"This is your clinic's own copy of “{exercise.name}”. Edit it as you like."
        )
        return redirect(copy)
    return render(
        request,
        "exercises/exercise_confirm.html",
        {
            "exercise": exercise,
            "title": f"Make a clinic copy of “{exercise.name}”",
            "explanation": (
                "Your clinic gets its own copy, with the same text, dosage and photos, that "
                "you can edit. The original stays in the library as it is."
            ),
            "button": "Make a copy",
            "danger": False,
        },
    )


def _set_archived(request, pk, *, archived):
    exercise = selectors.own_exercise(user=request.user, pk=pk)
    if request.method == "POST":
        with transaction.atomic():
            if services.exercise_set_archived(
                exercise=exercise, user=request.user, archived=archived
            ):
                audit_change(request, exercise, changed_fields=["archived"])
        if archived:
            messages.success(
                request, f"“{exercise.name}” is archived. You can restore it any time."
            )
        else:
            messages.success(request, f"“{exercise.name}” is back in the library.")
        return redirect(exercise)
    if archived:
        title = f"Archive “{exercise.name}”?"
        explanation = (
            "Archived exercises are hidden from the library and cannot be added to new plans. "
            "Plans that already use it keep it. You can restore it later."
        )
    else:
        title = f"Restore “{exercise.name}”?"
        explanation = "It will show in the library again and can be added to plans."
    context = {
        "exercise": exercise,
        "title": title,
        "explanation": explanation,
        "button": "Archive" if archived else "Restore",
        "danger": archived,
    }
    return render(request, "exercises/exercise_confirm.html", context)


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def exercise_archive(request, pk):
    return _set_archived(request, pk, archived=True)


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def exercise_restore(request, pk):
    return _set_archived(request, pk, archived=False)


@role_required(THERAPIST)
@require_http_methods(["GET", "POST"])
def exercise_favourite(request, pk):
    """Toggle a favourite: htmx gets the new button, a plain form goes back where it was."""
    exercise = selectors.exercise_detail(user=request.user, pk=pk)
    if request.method == "POST":
        exercise.is_favourite = services.favourite_toggle(user=request.user, exercise=exercise)
        if request.htmx:
            return render(request, "exercises/_favourite.html", {"exercise": exercise})
        next_url = request.POST.get("next", "")
        # Only a path on this site (redirect() would take "list" for a URL name).
        if next_url.startswith("/") and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(next_url)
    return redirect(exercise)


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def exercise_images(request, pk):
    exercise = selectors.own_exercise(user=request.user, pk=pk)
    form = ImageUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.exercise_image_add(
                exercise=exercise,
                user=request.user,
                image_file=form.cleaned_data["image"],
                description=form.cleaned_data["description"],
                use_instead_of_drawing=form.cleaned_data["use_instead_of_drawing"],
            )
            audit_change(request, exercise, changed_fields=["images"])
        messages.success(request, "The photo was added.")
        return redirect("exercises:images", pk=exercise.pk)
    images = selectors.exercise_images(exercise=exercise)
    context = {
        "exercise": exercise,
        "form": form,
        "images": [
            (image, ImageDetailsForm(initial=_details(image), prefix=f"image-{image.pk}"))
            for image in images
        ],
    }
    return render(request, "exercises/exercise_images.html", context)


def _details(image):
    return {
        "description": image.description,
        "use_instead_of_drawing": image.use_instead_of_drawing,
    }


def _own_image(request, image_id):
    """A photo of one of the user's clinic's own exercises (shared photos are read-only)."""
    return get_scoped_or_404(
        ExerciseImage.objects.select_related("exercise"), request.user, pk=image_id
    )


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def image_edit(request, image_id):
    image = _own_image(request, image_id)
    exercise = image.exercise
    form = ImageDetailsForm(
        request.POST or None, initial=_details(image), prefix=f"image-{image.pk}"
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changed = services.exercise_image_update(
                image=image, user=request.user, **form.cleaned_data
            )
            if changed:
                audit_change(request, exercise, changed_fields=["images"])
        if changed:
            messages.success(request, "The photo details were saved.")
        return redirect("exercises:images", pk=exercise.pk)
    if request.method == "GET":
        return redirect("exercises:images", pk=exercise.pk)
    upload_form = ImageUploadForm()
    images = [
        (
            other,
            form
            if other.pk == image.pk
            else ImageDetailsForm(initial=_details(other), prefix=f"image-{other.pk}"),
        )
        for other in selectors.exercise_images(exercise=exercise)
    ]
    context = {"exercise": exercise, "form": upload_form, "images": images}
    return render(request, "exercises/exercise_images.html", context)


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def image_remove(request, image_id):
    image = _own_image(request, image_id)
    exercise = image.exercise
    if request.method == "POST":
        with transaction.atomic():
            services.exercise_image_remove(image=image, user=request.user)
            audit_change(request, exercise, changed_fields=["images"])
        messages.success(request, "The photo was removed.")
        return redirect("exercises:images", pk=exercise.pk)
    context = {
        "exercise": exercise,
        "image": image,
        "title": "Remove this photo?",
        "explanation": f"“{image.description}” will no longer show on pages or printed sheets.",
        "button": "Remove photo",
        "danger": True,
        "cancel_url": reverse("exercises:images", kwargs={"pk": exercise.pk}),
    }
    return render(request, "exercises/exercise_confirm.html", context)


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def image_move(request, image_id):
    image = _own_image(request, image_id)
    if request.method == "POST" and request.POST.get("direction") in ("earlier", "later"):
        earlier = request.POST["direction"] == "earlier"
        with transaction.atomic():
            if services.exercise_image_move(image=image, user=request.user, earlier=earlier):
                audit_change(request, image.exercise, changed_fields=["images"])
    return redirect("exercises:images", pk=image.exercise_id)


@role_required(*ALL_STAFF)
def image_file(request, image_id):
    """A photo, for users of the owning clinic; shared library photos are for everyone."""
    image = get_scoped_or_404(ExerciseImage, request.user, include_shared=True, pk=image_id)
    if refused := _reading_only(request):
        return refused
    extension = image.image.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        image.image.open("rb"), content_type=IMAGE_TYPES.get(extension, "application/octet-stream")
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@role_required(*ALL_STAFF)
def exercise_sheet(request, pk):
    """The one-page printable sheet (large print with ?size=large)."""
    exercise = selectors.exercise_detail(user=request.user, pk=pk)
    if refused := _reading_only(request):
        return refused
    large_print = request.GET.get("size") == "large"
    pdf = render_template_pdf(
        "exercises/exercise_sheet.html",
        {"exercise": exercise, "clinic": clinic_of(request.user), "large_print": large_print},
        stylesheets=("css/print.css", "exercises/sheet.css"),
    )
    audit_document(
        request,
        patient=None,
        document="exercise-sheet-large" if large_print else "exercise-sheet",
        obj=exercise,
    )
    filename = f"{exercise.slug}{'-large-print' if large_print else ''}.pdf"
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
