"""Demo feedback of every kind and status across the demo offices."""

import datetime

from django.db import transaction
from django.utils import timezone

from participation.demo import OFFICES, SUPERVISING
from participation.feedback.models import Feedback
from participation.models import Office

FEEDBACK = [
    # (kind, channel, subject, message, answer or "", public answer?, status, rating)
    (
        "suggestion",
        "web",
        "อยากให้ประกาศผลการคัดเลือกทางเว็บไซต์เร็วขึ้น",
        "ผู้ปกครองต้องรอประกาศที่บอร์ดหน้าสำนักงาน อยากให้ลงเว็บไซต์พร้อมกัน",
        "ตั้งแต่รอบนี้ สำนักงานจะลงประกาศผลทางเว็บไซต์และบอร์ดในวันเดียวกัน",
        True,
        "closed",
        5,
    ),
    (
        "question",
        "phone",
        "สอบถามกำหนดการรับสมัครนักเรียน",
        "อยากทราบวันรับสมัครนักเรียนชั้นประถมศึกษาปีที่ 1 ของปีการศึกษาหน้า",
        "รับสมัครระหว่างวันที่ 1–5 มีนาคม ที่โรงเรียนในเขตพื้นที่บริการ",
        True,
        "answered",
        4,
    ),
    (
        "complaint",
        "web",
        "ถนนหน้าโรงเรียนมีหลุมบ่อ",
        "หลุมบ่อหน้าประตูโรงเรียนทำให้รถรับส่งนักเรียนเข้าออกลำบาก",
        "ประสานองค์การบริหารส่วนตำบลแล้ว ซ่อมเสร็จในสัปดาห์ถัดมา",
        True,
        "closed",
        4,
    ),
    (
        "opinion",
        "walk_in",
        "ความเห็นต่อการจัดสอบวัดผลกลางภาค",
        "การสอบติดกันหลายวันทำให้นักเรียนเหนื่อย",
        "",
        False,
        "in_progress",
        None,
    ),
    (
        "compliment",
        "line",
        "ขอบคุณเจ้าหน้าที่ที่ช่วยเรื่องเอกสารย้ายโรงเรียน",
        "เจ้าหน้าที่อธิบายชัดเจนและช่วยเตรียมเอกสารจนเสร็จในวันเดียว",
        "ขอบคุณสำหรับคำชม จะส่งต่อให้ทีมงาน",
        False,
        "closed",
        5,
    ),
    (
        "expectation",
        "paper",
        "อยากให้มีเวทีรับฟังความเห็นของผู้ปกครองทุกภาคเรียน",
        "ผู้ปกครองอยากมีโอกาสพูดคุยกับเขตพื้นที่มากกว่าปีละครั้ง",
        "",
        False,
        "received",
        None,
    ),
]


@transaction.atomic
def seed_feedback() -> int:
    """Feedback of every kind and status across the demo offices; one is overdue, one is a misconduct report."""

    today = timezone.localdate()
    count = 0
    for office_index, office in enumerate(
        Office.objects.filter(slug__in=[o["slug"] for o in OFFICES if o["slug"] not in SUPERVISING]).order_by("pk")
    ):
        for index, (kind, channel, subject, message, answer, public, status, rating) in enumerate(FEEDBACK):
            # Answered items are spread over past weeks; open ones are recent, so only one item is overdue.
            age = 5 + 9 * index + office_index if answer else 2 + office_index
            received = today - datetime.timedelta(days=age)
            answered_at = None
            if answer:
                answered_at = timezone.make_aware(
                    datetime.datetime.combine(received + datetime.timedelta(days=3 + index), datetime.time(10))
                )
            Feedback.objects.update_or_create(
                office=office,
                subject=subject,
                defaults={
                    "kind": kind,
                    "channel": channel,
                    "message": message,
                    "status": status,
                    "received_on": received,
                    "due_on": received + datetime.timedelta(days=office.feedback_answer_days),
                    "answer": answer,
                    "answer_public": public,
                    "answered_at": answered_at,
                    "closed_at": answered_at if status == "closed" else None,
                    "rating": rating,
                    "name": "ผู้ปกครองนักเรียน" if index % 2 else "",
                    "email": f"parent{index}@example.org" if index % 3 == 0 else "",
                },
            )
            count += 1
        # One report of misconduct, for the director only.
        Feedback.objects.update_or_create(
            office=office,
            subject="แจ้งเบาะแสการเรียกรับเงินในการจัดซื้อ",
            defaults={
                "kind": Feedback.Kind.MISCONDUCT,
                "message": "มีผู้อ้างว่าต้องจ่ายค่าดำเนินการเพิ่มเพื่อให้ได้งาน",
                "received_on": today - datetime.timedelta(days=4),
                "due_on": today + datetime.timedelta(days=11),
            },
        )
        count += 1
    # One overdue item, so the deadline clock has something to show.
    singburi = Office.objects.get(slug="singburi")
    Feedback.objects.update_or_create(
        office=singburi,
        subject="ยังไม่ได้รับเงินค่าเครื่องแบบนักเรียน",
        defaults={
            "kind": Feedback.Kind.COMPLAINT,
            "message": "ผู้ปกครองยังไม่ได้รับเงินอุดหนุนค่าเครื่องแบบของภาคเรียนนี้",
            "received_on": today - datetime.timedelta(days=25),
            "due_on": today - datetime.timedelta(days=10),
            "status": Feedback.Status.IN_PROGRESS,
        },
    )
    return count + 1
