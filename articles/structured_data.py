"""schema.org descriptions of releases (NewsArticle) and their quotes (Quotation)."""

from core.sanitize import plain_text
from core.seo import absolute, publisher, summary


def shown_text(article) -> str:
    """The text a summary of the release may draw on. Coverage (언론보도) is an outlet's article:
    only the excerpt the office may show (lead) or the deck, never the body."""
    if article.is_coverage:
        return article.lead or article.deck
    return article.lead or article.deck or plain_text(article.body)


def news_article(article, image_urls) -> dict:
    url = absolute(article.get_absolute_url())
    modified = article.last_corrected_at or article.updated_at
    if article.kind == "coverage" and article.reporter:
        author = {"@type": "Person", "name": article.reporter, "affiliation": article.outlet}
    elif article.kind == "coverage":
        author = {"@type": "Organization", "name": article.outlet}
    else:
        author = publisher()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "mainEntityOfPage": url,
        "url": url,
        "headline": article.headline[:110],
        "description": summary(shown_text(article)),
        "datePublished": article.release_at.isoformat(),
        "dateModified": max(modified, article.release_at).isoformat(),
        "inLanguage": "ko-KR",
        "author": author,
        "publisher": publisher(),
        "image": image_urls,
    }
    if article.is_coverage:
        # The outlet's article is not ours to republish: point to it and name its rights holder.
        if article.source_url:
            data["isBasedOn"] = article.source_url
        data["copyrightHolder"] = {"@type": "Organization", "name": article.outlet}
        if article.copyright_line:
            data["copyrightNotice"] = article.copyright_line
    else:
        data["articleBody"] = summary(plain_text(article.body), 5000)
    if article.category:
        data["articleSection"] = article.category.name
    tags = [tag.name for tag in article.tags.all()]
    if tags:
        data["keywords"] = tags
    return data
