"""Write the sample 学习强国 administrator exports of the sample instance (2026-09 CSV in GBK, 2026-10 XLSX).

They imitate what the platform's 管理员 backend gives: a title row, then a
header row, one row per member, a totals row. Run from the repository root:

    .venv/bin/python tools/sample-exports/make_exports.py
    .venv/bin/bulletin learning import tools/sample-exports/学习强国-2026-09.csv --month 2026-09 --date 2026-10-08
    .venv/bin/bulletin learning import tools/sample-exports/学习强国-2026-10.xlsx --month 2026-10 --date 2026-11-06
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
ORG = "武进区住建局"

# name as on the platform, organization, registered, log-in days Sep / Oct, year points at end Sep / Oct
PEOPLE = [
    ("周建国", "局机关", True, 30, 31, 4612, 5236),
    ("钱卫东", "局机关", True, 30, 31, 4388, 4971),
    ("孙丽华", "局机关", True, 29, 31, 4105, 4702),
    ("吴志刚", "局机关", True, 30, 30, 3986, 4553),
    ("陈晓艳", "局机关", True, 30, 31, 4250, 4874),      # the account's name has a typo: see learning/aliases.yaml
    ("徐静", "办公室", True, 30, 31, 4480, 5102),
    ("蒋伟", "办公室", True, 29, 30, 3902, 4437),
    ("顾倩", "办公室", True, 30, 31, 3120, 3561),
    ("朱琳", "办公室", True, 28, 30, 2875, 3290),
    ("黄海燕", "组织人事科", True, 30, 31, 4320, 4905),
    ("杨帆", "组织人事科", True, 30, 31, 2980, 3402),
    ("王建华", "建筑管理科", True, 30, 31, 4050, 4618),
    ("张磊", "建筑管理科", True, 29, 30, 2764, 3177),
    ("刘婷", "建筑管理科", True, 30, 30, 2590, 2984),
    ("赵国强", "房地产市场监管科", True, 28, 29, 3811, 4240),
    ("沈佳", "房地产市场监管科", True, 27, 22, 2210, 2468),
    ("陆永明", "城建科", True, 30, 31, 3875, 4466),
    ("周敏", "城建科", True, 29, 30, 2655, 3038),
    ("钱俊", "村镇建设科", True, 28, 29, 3402, 3851),
    ("许文杰", "村镇建设科", True, 29, 30, 2398, 2790),
    ("孙建平", "建设工程质量安全监督站", True, 30, 31, 4160, 4779),
    ("马骏", "建设工程质量安全监督站", True, 29, 30, 3798, 4352),
    ("吴昊", "建设工程质量安全监督站", True, 30, 31, 2890, 3310),
    ("何雪", "建设工程质量安全监督站", True, 29, 30, 2512, 2893),
    ("胡立新", "房屋征收服务中心", True, 29, 30, 3950, 4521),
    ("邹雨", "房屋征收服务中心", True, 24, 29, 2045, 2430),
    ("韩梅", "城建档案馆", True, 30, 31, 3890, 4467),
    ("唐晓琳", "城建档案馆", False, 0, 0, 0, 0),
    ("曹志勇", "住房保障和房产管理中心", True, 30, 31, 4010, 4598),
    ("潘婷婷", "住房保障和房产管理中心", True, 29, 30, 2688, 3065),
    ("丁磊", "住房保障和房产管理中心", True, 30, 31, 2533, 2927),
]


def september_csv() -> bytes:
    """GBK CSV with the columns 序号, 姓名, 所在组织, 是否注册, 本月登录天数, 年度积分."""
    buf = io.StringIO(newline="")
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow([f"“学习强国”学习平台 {ORG}党委 2026年9月学习情况统计"])
    out.writerow(["序号", "姓名", "所在组织", "是否注册", "本月登录天数", "年度积分"])
    for i, (name, org, registered, sep, _oct, points, _p) in enumerate(PEOPLE, start=1):
        shown = name[0] + "\u3000" + name[1] if len(name) == 2 else name   # the platform pads 2-character names
        out.writerow([i, shown, f"{ORG}/{org}", "是" if registered else "否", sep if registered else "",
                      points if registered else ""])
    out.writerow(["", "合计", "", "", "", ""])
    return buf.getvalue().encode("gbk")


def october_xlsx(path: Path) -> None:
    """XLSX with other column names: 姓名, 单位, 激活状态, 登录天数(天), 年度总积分."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "学习情况"
    sheet.append([f"{ORG}党委“学习强国”学习情况统计表（2026年10月）"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "姓名", "单位", "激活状态", "登录天数(天)", "年度总积分"])
    for i, (name, org, registered, _sep, oct_days, _p, points) in enumerate(PEOPLE, start=1):
        sheet.append([i, name, org, "已激活" if registered else "未激活", oct_days if registered else None,
                      points if registered else None])
    book.properties.creator = "学习强国管理员后台"
    book.save(path)


if __name__ == "__main__":
    (HERE / "学习强国-2026-09.csv").write_bytes(september_csv())
    october_xlsx(HERE / "学习强国-2026-10.xlsx")
    print("wrote", HERE / "学习强国-2026-09.csv", HERE / "学习强国-2026-10.xlsx")
