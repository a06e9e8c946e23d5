"""One base for every error a user is meant to read: its message is Chinese and names the problem.

The CLI prints it and exits 1; the GUI shows it next to the field or in one message box.
"""


class UserError(ValueError):
    pass


_OS_REASONS = {
    "ENOSPC": "磁盘或U盘已满，请腾出空间后再试",
    "EDQUOT": "磁盘或U盘已满，请腾出空间后再试",
    "EROFS": "磁盘或U盘是只读的（写保护开关？），无法写入",
    "EACCES": "没有写入权限（文件只读，或被其他程序占用）",
    "EPERM": "没有写入权限（文件只读，或被其他程序占用）",
    "ENOENT": "文件或文件夹不存在（U盘是否已插好？）",
    "EIO": "读写出错（U盘或磁盘可能有问题，请换一个再试）",
}


def os_error_text(exc: BaseException) -> str:
    """One Chinese sentence for a failed read or write: full disk, read-only, no permission...

    SQLite reports the same conditions as text ("database or disk is full", "attempt to write a
    readonly database"); those are recognised too. Never the library's own message, which may hold
    the values that were being written."""
    import errno

    code = getattr(exc, "errno", None)
    name = errno.errorcode.get(code, "") if isinstance(code, int) else ""
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "disk is full" in text or "no space" in text:
        return _OS_REASONS["ENOSPC"]
    if "readonly" in text or "read-only" in text:
        return _OS_REASONS["EROFS"]
    if "disk i/o error" in text:
        return _OS_REASONS["EIO"]
    if "unable to open" in text or "permission" in text:
        return _OS_REASONS["EACCES"]
    return "读写文件出错"


def is_storage_error(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return True
    return os_error_text(exc) != "读写文件出错" and "sqlalchemy" in type(exc).__module__
