<?xml version="1.0" encoding="UTF-8"?>
<!--
  One witness as it reads: its own blocks, each with where it came from.

  Input: the witness's text as edition.render.views made it from the
  apparatus (the profile's "Rebuilding a witness", which needs a state per
  witness along the whole text and so is a Python walk): a TEI <body> of
  blocks, each <p>, <head> or <ab type="…"> with @n (its source lines),
  @corresp (the row of the edition where it begins) and r:anchor (its id on
  the page); inside, the witness's text, its <note>s, <gap/>s and span
  markers. Output: one <div class="witness-text">.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:r="urn:x-edition:render"
    exclude-result-prefixes="tei r">

  <xsl:include href="common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <!-- The witness's source file, and the page of the reading text to link each block to. -->
  <xsl:param name="file" select="''"/>
  <xsl:param name="reading-page" select="'../index.html'"/>

  <xsl:template match="/tei:body">
    <div class="witness-text" data-tei="body">
      <xsl:apply-templates select="*"/>
    </div>
  </xsl:template>

  <xsl:template match="/tei:body/tei:head[@type = 'title']" priority="1">
    <p class="text-title wblock" data-tei="head">
      <xsl:call-template name="block"/>
    </p>
  </xsl:template>

  <xsl:template match="/tei:body/tei:head">
    <h2 class="wblock" data-tei="head">
      <xsl:call-template name="block"/>
    </h2>
  </xsl:template>

  <xsl:template match="/tei:body/tei:p | /tei:body/tei:ab">
    <p class="wblock" data-tei="{local-name()}">
      <xsl:call-template name="block"/>
    </p>
  </xsl:template>

  <!-- The id, the source (file and lines, a link to the row of the edition), then the text. -->
  <xsl:template name="block">
    <xsl:attribute name="id"><xsl:value-of select="@r:anchor"/></xsl:attribute>
    <xsl:call-template name="data-type"/>
    <span class="source" lang="en">
      <a class="pilcrow" href="#{@r:anchor}" aria-label="Link to this block">¶</a>
      <span class="lines">
        <xsl:value-of select="$file"/>
        <xsl:if test="@n">
          <xsl:value-of select="concat(':', @n)"/>
        </xsl:if>
      </span>
      <xsl:if test="@corresp">
        <xsl:text> </xsl:text>
        <a class="xref" href="{$reading-page}#{$id-prefix}{substring(@corresp, 2)}"
           title="This block in the reading text">
          <xsl:value-of select="substring(@corresp, 2)"/>
        </a>
      </xsl:if>
    </span>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:witStart" priority="1">
    <span class="ed-mark" lang="en">[starts]</span>
  </xsl:template>
  <xsl:template match="tei:witEnd" priority="1">
    <span class="ed-mark" lang="en">[ends]</span>
  </xsl:template>
  <!-- In the witness's own stream a lacuna's start and end meet: one mark says it. -->
  <xsl:template match="tei:lacunaStart[following-sibling::node()[1][self::tei:lacunaEnd]]" priority="2">
    <span class="ed-mark" lang="en"
          title="The reading text goes on here with text this witness does not have">[lacuna]</span>
  </xsl:template>
  <xsl:template match="tei:lacunaEnd[preceding-sibling::node()[1][self::tei:lacunaStart]]" priority="2"/>
  <xsl:template match="tei:lacunaStart" priority="1">
    <span class="ed-mark" lang="en">[lacuna begins]</span>
  </xsl:template>
  <xsl:template match="tei:lacunaEnd" priority="1">
    <span class="ed-mark" lang="en">[lacuna ends]</span>
  </xsl:template>

</xsl:stylesheet>
