"""The writer's dossier: from a balise, a theme, a territory, a project or a basket of quotes, a document ready to
edit in Word or LibreOffice (DOCX, ODT) or in Markdown, with its quotes verbatim, their references in footnotes
and the bibliography of the documents; and the references alone for Zotero (BibTeX, CSL-JSON, RIS)."""
