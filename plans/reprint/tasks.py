"""The background task the database worker runs for a bulk reprint."""

from django.tasks import task

from plans.reprint import services


@task()
def reprint_packets(bulk_print_id: int) -> dict:
    """Make every packet of the job and merge them; returns the job's counts."""
    job = services.bulk_print_run(bulk_print_id=bulk_print_id)
    return {
        "status": job.status,
        "done": job.done_count,
        "total": job.total,
        "failed": len(job.failures),
    }
