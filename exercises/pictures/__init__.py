"""Exercise pictures: self-drawn start/end line illustrations of exercises as SVG strings."""

from .library import (
    EXERCISE_SLUGS,
    has_pictures,
    poses_for,
    render_exercise_pair_svg,
    render_exercise_svg,
)

__all__ = [
    "EXERCISE_SLUGS",
    "has_pictures",
    "poses_for",
    "render_exercise_pair_svg",
    "render_exercise_svg",
]
